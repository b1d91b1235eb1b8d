import { resolve } from 'node:path';
import { type ConfigOf, defineConfig, envEnum, envInt } from '@shelfstream/config';
import { z } from 'zod';

/** Settings of the model server. */
export const modelServerConfig = defineConfig({
  modelPath: {
    env: 'MODEL_PATH',
    schema: z
      .string()
      .min(1)
      .default(resolve(import.meta.dirname, '../../../models/shelf-detector.onnx')),
    doc: 'ONNX file served (Ultralytics YOLO export layout)',
  },
  modelName: {
    env: 'MODEL_NAME',
    schema: z
      .string()
      .regex(/^[A-Za-z0-9_.-]+$/)
      .default('shelf-detector'),
    doc: 'model name in the /v2/models/{name} routes',
  },
  httpPort: {
    env: 'HTTP_PORT',
    schema: envInt({ min: 0, max: 65535 }).default(8000),
    doc: 'port of the Open Inference Protocol API, /healthz, /readyz and /metrics (0 = any free port)',
  },
  httpHost: {
    env: 'HTTP_HOST',
    schema: envEnum(['127.0.0.1', '0.0.0.0', '::']).default('127.0.0.1'),
    doc: 'bind address',
  },
  onnxThreads: {
    env: 'ONNX_THREADS',
    schema: envInt({ min: 1, max: 64 }).default(1),
    doc: 'onnxruntime intra-op threads (spinning is off)',
  },
  maxBodyBytes: {
    env: 'MAX_BODY_BYTES',
    schema: envInt({ min: 1024 }).default(256 * 1024 * 1024),
    doc: 'largest infer request body (bytes)',
  },
  logLevel: {
    env: 'LOG_LEVEL',
    schema: envEnum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
    doc: 'pino log level',
  },
});

/** The model server's settings, parsed. */
export type ModelServerConfig = ConfigOf<typeof modelServerConfig>;
