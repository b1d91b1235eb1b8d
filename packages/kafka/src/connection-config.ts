import { defineConfig, envBool, envEnum, envInt, envList, envUrl } from '@shelfstream/config';
import { z } from 'zod';

/**
 * The Kafka and schema-registry settings every service reads. Spread it into a service's own definition:
 * `defineConfig({ ...kafkaConnectionConfig, ...own })`.
 */
export const kafkaConnectionConfig = defineConfig({
  kafkaBrokers: {
    env: 'KAFKA_BROKERS',
    schema: envList().default(['127.0.0.1:19092']),
    doc: 'bootstrap brokers, comma-separated host:port',
  },
  kafkaClientId: {
    env: 'KAFKA_CLIENT_ID',
    schema: z.string().min(1).optional(),
    doc: 'client id (default: the service name)',
  },
  kafkaSsl: { env: 'KAFKA_SSL', schema: envBool().default(false), doc: 'connect to the brokers over TLS' },
  kafkaSaslMechanism: {
    env: 'KAFKA_SASL_MECHANISM',
    schema: envEnum(['none', 'scram-sha-256', 'scram-sha-512', 'plain']).default('none'),
    doc: 'SASL mechanism',
  },
  kafkaSaslUsername: { env: 'KAFKA_SASL_USERNAME', schema: z.string().optional(), doc: 'SASL user name' },
  kafkaSaslPassword: { env: 'KAFKA_SASL_PASSWORD', schema: z.string().optional(), doc: 'SASL password' },
  kafkaReplicationFactor: {
    env: 'KAFKA_REPLICATION_FACTOR',
    schema: z.coerce.number().int().min(1).default(1),
    doc: 'replication factor of provisioned topics (3 in production)',
  },
  kafkaMinInsyncReplicas: {
    env: 'KAFKA_MIN_INSYNC_REPLICAS',
    schema: z.coerce.number().int().min(1).default(1),
    doc: 'min.insync.replicas of provisioned topics (2 in production)',
  },
  kafkaTopicNamespace: {
    env: 'KAFKA_TOPIC_NAMESPACE',
    schema: z
      .string()
      .regex(/^[a-z0-9-]*$/, 'must be lowercase letters, digits and dashes')
      .default(''),
    doc: 'prefix of every topic name (`<ns>.shelf...`): isolates test runs and staging on a shared cluster; empty in production',
  },
  kafkaPartitionsConsumedConcurrently: {
    env: 'KAFKA_PARTITIONS_CONSUMED_CONCURRENTLY',
    schema: envInt({ min: 1, max: 64 }).default(3),
    doc: "partitions a stage processes at once (KafkaJS partitionsConsumedConcurrently): one chunk's work overlaps another's transaction round trips; each partition keeps its own transactional producer and order",
  },
  schemaRegistryUrl: {
    env: 'SCHEMA_REGISTRY_URL',
    schema: envUrl(['http:', 'https:']).default('http://127.0.0.1:18081/apis/ccompat/v7'),
    doc: 'Confluent-compatible schema registry API (Apicurio: .../apis/ccompat/v7)',
  },
  schemaRegistryUsername: {
    env: 'SCHEMA_REGISTRY_USERNAME',
    schema: z.string().optional(),
    doc: 'registry basic-auth user',
  },
  schemaRegistryPassword: {
    env: 'SCHEMA_REGISTRY_PASSWORD',
    schema: z.string().optional(),
    doc: 'registry basic-auth password',
  },
});

/** The parsed connection settings. */
export interface KafkaConnection {
  readonly kafkaBrokers: readonly string[];
  readonly kafkaClientId?: string | undefined;
  readonly kafkaSsl: boolean;
  readonly kafkaSaslMechanism: 'none' | 'scram-sha-256' | 'scram-sha-512' | 'plain';
  readonly kafkaSaslUsername?: string | undefined;
  readonly kafkaSaslPassword?: string | undefined;
  readonly kafkaReplicationFactor: number;
  readonly kafkaMinInsyncReplicas: number;
  readonly kafkaTopicNamespace: string;
  readonly kafkaPartitionsConsumedConcurrently: number;
  readonly schemaRegistryUrl: string;
  readonly schemaRegistryUsername?: string | undefined;
  readonly schemaRegistryPassword?: string | undefined;
}
