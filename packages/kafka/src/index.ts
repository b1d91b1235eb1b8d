/**
 * Kafka plumbing for every shelfstream stage: Avro over the schema registry (Confluent wire format), the
 * exactly-once stage runner with retry topics and the DLQ, the entry producer, and provisioning.
 *
 * @example
 * const kafka = createKafkaClient(config, 'preprocessing', logger);
 * const codec = new AvroCodec(createSchemaRegistry(config), catalogueTopicSchemas());
 * const runner = new StageRunner(definition, { kafka, codec, logger, metrics });
 * await runner.start();
 * process.once('SIGTERM', () => runner.stop());
 */
export { AvroCodec, type AvroSchemaJson } from './avro-codec.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy, retryDelayMs } from './backoff.js';
export { type KafkaConnection, kafkaConnectionConfig } from './connection-config.js';
export { ConsumerSupervisor, type ConsumerSupervisorOptions } from './consumer-supervisor.js';
export { type DeadLetterStage, type FailedRecord, type FailureInfo, toDeadLetter } from './dead-letter.js';
export {
  type FirstOrigin,
  firstOriginHeaders,
  firstOriginOf,
  HeaderNames,
  headerInt,
  headerIntInRange,
  headerString,
  headersToStrings,
} from './headers.js';
export {
  CONSUMER_RETRIES,
  createKafkaClient,
  createSchemaRegistry,
  FETCH_MAX_WAIT_MS,
  KAFKA_RETRY,
} from './kafka-client.js';
export { type KafkaReasonCode, KafkaReasons } from './kafka-reasons.js';
export { type ProvisionReport, provision } from './provision/provision.js';
export { type RegisteredSubject, registerSchemas, type SubjectSchema } from './provision/schema-registrar.js';
export {
  provisionTopics,
  type TopicPlacement,
  type TopicProvisionResult,
  topicConfigEntries,
} from './provision/topic-provisioner.js';
export type {
  StageDefinition,
  StageInput,
  StageOutput,
  StageProcess,
  StageRecord,
} from './stage-definition.js';
export { type StageMetrics, stageMetrics } from './stage-metrics.js';
export { StageRunner, type StageRunnerDeps } from './stage-runner.js';
export { catalogueTopicSchemas } from './topic-schemas.js';
export { type ProduceRequest, TypedProducer } from './typed-producer.js';
