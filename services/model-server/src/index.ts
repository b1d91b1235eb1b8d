/**
 * The model server's pieces: the Open Inference Protocol routes and the worker-thread model session.
 *
 * @example
 * const session = await ModelSession.start('models/shelf-detector.onnx', 1);
 * const app = createOipServer({ modelName: 'shelf-detector', session, metrics: new Registry(), maxBodyBytes: 1 << 28 });
 * await app.listen({ port: 8000 });
 */
export { type ModelServerConfig, modelServerConfig } from './config.js';
export {
  BadInferRequest,
  encodeInferResponse,
  INFERENCE_HEADER_LENGTH,
  type InferInput,
  type ParsedInfer,
  parseInferBody,
  SCALED_UINT8_EXTENSION,
} from './infer-body.js';
export { ModelSession } from './model-session.js';
export { createOipServer, type OipServerOptions } from './oip-server.js';
export type { RunReply, RunRequest, SessionReady, TensorInfo } from './session-protocol.js';
