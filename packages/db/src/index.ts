/**
 * PostgreSQL access shared by the services and the tools: the pool, database creation and migrations
 * (node-pg-migrate), `DATABASE_URL`, and the queries on the tables those migrations create: planograms, capture
 * states and history, version-drift holds, devices with their API keys and sealed signing secrets.
 *
 * @example
 * const { databaseUrl } = loadConfig(databaseConfig);
 * await ensureDatabase(databaseUrl);
 * await migrate(databaseUrl);
 * const pool = createPool(databaseUrl);
 * const outcome = await publishPlanogram(pool, planogram); // { kind: 'published' | 'unchanged' | ..., version }
 * const history = await loadCaptureHistory(pool, captureId); // null when the state tracker never saw it
 */
export { archivableCaptures } from './captures/archivable-captures.js';
export {
  type RecordedEvent,
  recordCaptureEvent,
  recordCaptureEvents,
  type SourcedEvent,
} from './captures/capture-events.js';
export {
  type CaptureHistory,
  type CaptureHistoryEntry,
  loadCaptureHistory,
} from './captures/capture-history.js';
export {
  type AppliedEvent,
  applyCaptureEvent,
  type CaptureEvent,
  type CaptureSnapshot,
  type CaptureState,
  CaptureStates,
  type StageTimestamps,
  stateRank,
} from './captures/capture-state.js';
export { DEFAULT_DATABASE_URL, databaseConfig } from './database-config.js';
export { generateApiKey, hashApiKey, signingSecretOf } from './devices/api-key.js';
export { deviceSecretConfig } from './devices/device-secret-config.js';
export {
  type Device,
  type DeviceLookup,
  findDevice,
  registerDevice,
  resealSigningSecrets,
  revokeDevice,
} from './devices/device-store.js';
export { parseSecretKey, type SecretKey } from './devices/secret-box.js';
export {
  type DriftHold,
  findHold,
  markReprocessed,
  pendingHoldCount,
  replayableHolds,
  saveHold,
} from './drift-holds/drift-store.js';
export { ensureDatabase } from './ensure-database.js';
export { MIGRATIONS_DIR, type MigrationResult, migrate } from './migrate.js';
export {
  type ActivePlanogram,
  loadActivePlanograms,
  type PublishOutcome,
  publishPlanogram,
  storeAisleKey,
} from './planograms/planogram-store.js';
export { createPool, type Pool } from './pool.js';
export { type Queryable, type RecordSource, sameSource } from './queryable.js';
export { withTransaction } from './transaction.js';
