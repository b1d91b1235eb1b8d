/**
 * Helpers for integration and end-to-end tests against the real local stack (`pnpm stack:up`).
 *
 * @example
 * const { kafka, codec, topics, provision } = testNamespace('t-mine');
 * await provision();
 * const records = await readTopic(kafka, topic, { until: (r) => r.length >= 10 });
 */

export { type ReadRecord, readTopic } from '@shelfstream/topic-reader';
export { type EdgeCaptureOptions, edgeCapture } from './edge-capture.js';
export { type OwnKafka, startOwnKafka } from './own-kafka.js';
export { assertReasonsDocumented, readmeReasonRows } from './reason-docs.js';
export {
  loggedAddress,
  type SpawnedService,
  type SpawnServiceOptions,
  spawnService,
} from './spawn-service.js';
export { testKafkaConnection, testStackEnvironment } from './stack-connection.js';
export { killStackComponent, restartStack } from './stack-faults.js';
export {
  type NamespaceClientOptions,
  namespaceClients,
  type TestNamespace,
  testNamespace,
} from './test-namespace.js';
export { uniqueName } from './unique-name.js';
export { waitFor } from './wait-for.js';
