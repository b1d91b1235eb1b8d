import {
  type Context,
  context,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  type Tracer,
  trace,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { ConsoleSpanExporter, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

let provider: NodeTracerProvider | undefined;

/** Options of {@link initTracing}. */
export interface TracingOptions {
  readonly service: string;
  /**
   * Where finished spans go: `none` keeps ids and propagation only; `console` prints spans (debugging). Users who
   * run a collector register their own exporter through `spanProcessors`.
   * @default 'none'
   */
  readonly exporter?: 'none' | 'console';
  readonly spanProcessors?: readonly SpanProcessor[];
}

/**
 * Registers the OpenTelemetry tracer provider and the W3C `traceparent` propagator, once per process. Without a
 * provider, spans would carry no ids, and captures would have no trace id to log.
 */
export function initTracing(options: TracingOptions): void {
  if (provider) return;
  const processors = [...(options.spanProcessors ?? [])];
  if (options.exporter === 'console') processors.push(new SimpleSpanProcessor(new ConsoleSpanExporter()));
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.service }),
    spanProcessors: processors,
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
}

/** Flushes and shuts the tracer provider down (graceful shutdown). */
export async function shutdownTracing(): Promise<void> {
  await provider?.shutdown();
  provider = undefined;
}

/** The shelfstream tracer. */
export function getTracer(): Tracer {
  return trace.getTracer('shelfstream');
}

/** Kafka headers as KafkaJS delivers them. */
export type HeaderCarrier = Record<string, Buffer | string | (Buffer | string)[] | undefined>;

/** Reads the `traceparent` header of a record into a context (the root context when absent or malformed). */
export function extractTraceContext(headers: HeaderCarrier | undefined): Context {
  const carrier: Record<string, string> = {};
  const raw = headers?.['traceparent'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value !== undefined) carrier['traceparent'] = value.toString();
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** The `traceparent` (and `tracestate`) headers for a context, to put on produced records. */
export function traceHeaders(ctx: Context = context.active()): Record<string, string> {
  const carrier: Record<string, string> = {};
  propagation.inject(ctx, carrier);
  return carrier;
}

/** Starts a consumer span for one record, child of the record's `traceparent`. */
export function startRecordSpan(
  name: string,
  parent: Context,
  attributes: Record<string, string | number> = {},
): Span {
  return getTracer().startSpan(name, { kind: SpanKind.CONSUMER, attributes }, parent);
}

/** The trace id of a span, or undefined for a non-recording one. */
export function traceIdOf(span: Span): string | undefined {
  const id = span.spanContext().traceId;
  return /^0+$/.test(id) ? undefined : id;
}
