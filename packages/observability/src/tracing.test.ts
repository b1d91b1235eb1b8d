import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trace } from '@opentelemetry/api';
import { extractTraceContext, initTracing, startRecordSpan, traceHeaders, traceIdOf } from './tracing.js';

test('a span started from a record carries the record traceparent trace id onward', () => {
  initTracing({ service: 'test' });
  const incoming = { traceparent: Buffer.from('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01') };
  const span = startRecordSpan('stage.process', extractTraceContext(incoming));
  assert.equal(traceIdOf(span), '4bf92f3577b34da6a3ce929d0e0e4736');
  const outgoing = traceHeaders(trace.setSpan(extractTraceContext(undefined), span));
  assert.match(outgoing['traceparent'] ?? '', /^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
  span.end();
});

test('a record without traceparent starts a new trace', () => {
  initTracing({ service: 'test' });
  const span = startRecordSpan('stage.process', extractTraceContext({}));
  assert.match(traceIdOf(span) ?? '', /^[0-9a-f]{32}$/);
  span.end();
});
