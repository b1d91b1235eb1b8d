import type { IncomingMessage } from 'node:http';
import { MetricNames } from '@shelfstream/observability';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import { Counter, Histogram, type Registry } from 'prom-client';
import {
  BadInferRequest,
  encodeInferResponse,
  INFERENCE_HEADER_LENGTH,
  parseInferBody,
  SCALED_UINT8_EXTENSION,
} from './infer-body.js';
import type { ModelSession } from './model-session.js';
import { readAlignedBody } from './read-aligned-body.js';

/** Options of {@link createOipServer}. */
export interface OipServerOptions {
  readonly modelName: string;
  readonly session: ModelSession;
  readonly metrics: Registry;
  readonly maxBodyBytes: number;
  readonly logger?: boolean | object;
}

/**
 * The Open Inference Protocol (KServe v2 / Triton REST) routes over one ONNX model: health, server and model
 * metadata, and infer (JSON or Triton's binary tensor extension), plus /healthz, /readyz and /metrics. The local stand-in for a
 * Triton/KServe endpoint, so inference tier 1 is real in the local stack.
 */
export function createOipServer(o: OipServerOptions): FastifyInstance {
  const app = Fastify({ bodyLimit: o.maxBodyBytes, logger: o.logger ?? false });
  const requests = new Counter({
    name: MetricNames.modelServerRequests,
    help: 'Infer requests by HTTP status',
    labelNames: ['status'],
    registers: [o.metrics],
  });
  const latency = new Histogram({
    name: MetricNames.modelServerInferSeconds,
    help: 'Model run time per infer request',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [o.metrics],
  });
  // Bodies land in a buffer of their own with the binary tensor 4-byte aligned: no copy before the model thread.
  app.addContentTypeParser(
    ['application/octet-stream', 'application/json'],
    async (req: FastifyRequest, payload: IncomingMessage) => {
      const length = Number(req.headers['content-length']);
      return readAlignedBody(payload, {
        contentLength: Number.isInteger(length) && length >= 0 ? length : undefined,
        alignAt: Number(req.headers[INFERENCE_HEADER_LENGTH]) || 0,
        limit: o.maxBodyBytes,
        allocate: (n) => o.session.takeBuffer(n),
      });
    },
  );
  const known = (name: string) => name === o.modelName;
  const tensorMeta = (t: { name: string; shape: readonly number[] }) => ({
    name: t.name,
    datatype: 'FP32',
    shape: t.shape,
  });

  app.get('/v2', async () => ({
    name: 'shelfstream-model-server',
    version: '0.1.0',
    extensions: ['binary_tensor_data', SCALED_UINT8_EXTENSION],
  }));
  // /healthz and /readyz answer like every other shelfstream service (createHealthServer), so the chart, compose
  // and the demo probe all processes alike; /v2/health/* stay for Open Inference Protocol clients.
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_req, reply) => {
    const ready = o.session.ready;
    const model = ready ? { ok: true } : { ok: false, detail: `model not loaded: ${o.session.loadError}` };
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks: { model } });
  });
  app.get('/v2/health/live', async () => ({ live: true }));
  app.get('/v2/health/ready', async (_req, reply) =>
    reply.code(o.session.ready ? 200 : 503).send({ ready: o.session.ready }),
  );
  app.get<{ Params: { name: string } }>('/v2/models/:name/ready', async (req, reply) =>
    reply.code(known(req.params.name) && o.session.ready ? 200 : 503).send({ ready: o.session.ready }),
  );
  app.get<{ Params: { name: string } }>('/v2/models/:name', async (req, reply) => {
    if (!known(req.params.name)) return reply.code(404).send({ error: `unknown model ${req.params.name}` });
    if (!o.session.ready) return reply.code(503).send({ error: `model not loaded: ${o.session.loadError}` });
    return {
      name: o.modelName,
      versions: [o.session.version],
      platform: 'onnxruntime_onnx',
      inputs: o.session.inputs.map(tensorMeta),
      outputs: o.session.outputs.map(tensorMeta),
    };
  });
  app.post<{ Params: { name: string } }>('/v2/models/:name/infer', async (req, reply) => {
    if (!known(req.params.name)) {
      requests.inc({ status: '404' });
      return reply.code(404).send({ error: `unknown model ${req.params.name}` });
    }
    if (!o.session.ready) {
      requests.inc({ status: '503' });
      return reply.code(503).header('retry-after', '5').send({ error: 'model not loaded' });
    }
    const lengthHeader = req.headers[INFERENCE_HEADER_LENGTH];
    let parsed: ReturnType<typeof parseInferBody>;
    try {
      parsed = parseInferBody(
        req.body as Buffer,
        lengthHeader === undefined ? undefined : Number(lengthHeader),
      );
    } catch (err) {
      if (!(err instanceof BadInferRequest)) throw err;
      requests.inc({ status: '400' });
      return reply.code(400).send({ error: err.message });
    }
    const expected = o.session.inputs[0];
    const inputName = parsed.input.name || expected?.name || 'images';
    const stop = latency.startTimer();
    // The tensor's memory belongs to this request alone (readAlignedBody, or parseInferBody's copy): move it.
    const { input } = parsed;
    const result = await o.session.run(inputName, input.shape, input.data, {
      transfer: true,
      ...(input.datatype === 'UINT8' ? { scale: input.scale } : {}),
    });
    stop();
    if (!result.ok) {
      // A shape the model refuses is the caller's fault; onnxruntime reports both as errors, so say 400.
      requests.inc({ status: '400' });
      return reply.code(400).send({ error: result.message });
    }
    requests.inc({ status: '200' });
    const { body, headerLength } = encodeInferResponse(
      { modelName: o.modelName, modelVersion: o.session.version, id: parsed.id },
      result.outputs,
      parsed.binaryOutput,
    );
    if (headerLength !== undefined) {
      reply
        .header(INFERENCE_HEADER_LENGTH, String(headerLength))
        .header('content-type', 'application/octet-stream');
    } else reply.header('content-type', 'application/json');
    return reply.send(body);
  });
  app.get('/metrics', async (_req, reply) =>
    reply.header('content-type', o.metrics.contentType).send(await o.metrics.metrics()),
  );
  return app;
}
