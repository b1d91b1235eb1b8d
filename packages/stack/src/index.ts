/**
 * The local stack without Docker: Apache Kafka 3.9.1 (KRaft), Apicurio Registry 3.0.9 (SQL storage on
 * PostgreSQL) and S3Proxy 2.6.0, run from Maven Central jars as detached processes; PostgreSQL is
 * checked, not started. All state and logs live under STACK_DIR (default `<repo>/.stack`).
 *
 * @example
 * import { loadStackConfig, startStack, stackEnvironment } from '@shelfstream/stack';
 * const config = loadStackConfig();            // validates STACK_* and DATABASE_URL once
 * const endpoints = await startStack(config, { log: console.log }); // idempotent
 * const env = { ...process.env, ...stackEnvironment(config) };     // KAFKA_BROKERS, S3_ENDPOINT, ...
 */
export {
  type ComponentName,
  KAFKA_NODE_NAMES,
  type KafkaNodeName,
  type ProcessComponentName,
} from './component.js';
export {
  DEFAULT_PORTS,
  loadStackConfig,
  PORT_VARIABLE,
  type StackConfig,
  type StackPorts,
} from './config.js';
export { type StackEndpoints, stackEndpoints, stackEnvironment } from './endpoints.js';
export { kafkaBrokerAddresses } from './kafka.js';
export { defaultPgOsUser, PgCluster, type PgClusterOptions } from './pg-cluster.js';
export { isOwnedProcess, readPidFile } from './process-control.js';
export { type StackReason, StackReasons } from './reasons.js';
export { ownerToken } from './stack-components.js';
export { pidFilePath, type StackPaths, stackPaths } from './stack-paths.js';
export { type ComponentStatus, stackStatus } from './stack-status.js';
export { type StartStackOptions, startStack } from './start-stack.js';
export { type StopResult, type StopStackOptions, stopStack } from './stop-stack.js';
