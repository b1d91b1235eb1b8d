/**
 * The wire contract of shelfstream: the Avro schemas (`schemas/*.avsc`) and their generated TypeScript types, the
 * topic catalogue, the consumer groups, and the capture idempotency key.
 *
 * @example
 * import { idempotencyKey, Topics, type CaptureSubmitted } from '@shelfstream/contracts';
 * const key = idempotencyKey({ storeId, aisle, capturedAt, deviceId });
 */
export {
  ConsumerGroups,
  type ConsumerProcess,
  consumerGroupIn,
  consumerGroupsOf,
} from './consumer-groups.js';
export type {
  CaptureAccepted,
  CaptureSubmitted,
  CaptureUnscorable,
  ComplianceRollup,
  ComplianceScored,
  DeadLetter,
  Detection,
  DetectionsProduced,
  FallbackRequested,
  FixtureType,
  HeuristicShelf,
  ImagePrepared,
  ImageQuality,
  InferenceTier,
  InferenceTimings,
  QualityMetrics,
  RecaptureRequested,
  RescoreRequested,
  RollupLevel,
  ShelfResult,
  SkuFinding,
  Stage,
  SubmissionSource,
  SupersededScore,
  VersionDrift,
} from './generated/index.js';
export {
  type IdempotencyKeyInput,
  idempotencyKey,
  idempotencyKeyMaterial,
  isIdempotencyKey,
} from './idempotency-key.js';
export {
  AVRO_NAMESPACE,
  listSchemaFiles,
  loadSchemaFile,
  RECORD_NAMES,
  type RecordName,
  type RecordSchema,
  SCHEMAS_DIR,
  type SchemaFile,
} from './schema-files.js';
export {
  type KeyKind,
  namespacedCatalogue,
  RETRY_STAGES,
  type RetryStage,
  retryTopic,
  TOPIC_CATALOGUE,
  type TopicNames,
  type TopicSpec,
  Topics,
  topicNames,
  topicSpec,
  valueSubject,
} from './topics.js';
