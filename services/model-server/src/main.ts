/**
 * The model server: the Open Inference Protocol (KServe v2 / Triton REST) over one ONNX model, fastify +
 * onnxruntime-node in a worker thread. The local stand-in for tier 1's remote endpoint. Wiring only.
 */
import { ConfigError, configTableMarkdown, loadConfig } from '@shelfstream/config';
import { createLogger, createMetricsRegistry } from '@shelfstream/observability';
import { type ModelServerConfig, modelServerConfig } from './config.js';
import { ModelSession } from './model-session.js';
import { createOipServer } from './oip-server.js';

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(
    `model-server: Open Inference Protocol over one ONNX model\n\nEnvironment:\n${configTableMarkdown(modelServerConfig)}\n`,
  );
  process.exit(0);
}
let config: ModelServerConfig;
try {
  config = loadConfig(modelServerConfig);
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`model-server: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
const logger = createLogger({ service: 'model-server', level: config.logLevel });
const session = await ModelSession.start(config.modelPath, config.onnxThreads);
if (!session.ready)
  logger.error({ path: config.modelPath, error: session.loadError }, 'model failed to load: not ready');
const app = createOipServer({
  modelName: config.modelName,
  session,
  metrics: createMetricsRegistry('model-server'),
  maxBodyBytes: config.maxBodyBytes,
});
const address = await app.listen({ host: config.httpHost, port: config.httpPort });
logger.info({ address, model: config.modelName, version: session.version }, 'model server listening');
const shutdown = async () => {
  await app.close();
  await session.close();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
