import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Logger } from '@shelfstream/observability';
import kafkajs, { type Kafka, type KafkaConfig, type SASLOptions } from 'kafkajs';
import type { KafkaConnection } from './connection-config.js';

/**
 * Creates the KafkaJS client. KafkaJS log entries go to the service's pino logger, so they are JSON like the rest.
 * This is the only place that constructs a `Kafka`: keep all KafkaJS use behind this package (PITFALLS.md).
 */
export function createKafkaClient(connection: KafkaConnection, clientId: string, logger: Logger): Kafka {
  const config: KafkaConfig = {
    clientId: connection.kafkaClientId ?? clientId,
    brokers: [...connection.kafkaBrokers],
    ssl: connection.kafkaSsl,
    logLevel: logLevel.WARN,
    logCreator: () => (entry) => {
      const { message, ...extra } = entry.log;
      const level =
        entry.level === logLevel.ERROR ? 'error' : entry.level === logLevel.WARN ? 'warn' : 'debug';
      logger[level]({ kafkajs: entry.namespace, ...extra }, message);
    },
    retry: { initialRetryTime: 200, retries: 8 },
  };
  const sasl = saslOptions(connection);
  if (sasl) config.sasl = sasl;
  return new KafkaClient(config);
}

// kafkajs is CommonJS: take its runtime values from the default export.
const { Kafka: KafkaClient, logLevel } = kafkajs;

function saslOptions(connection: KafkaConnection): SASLOptions | undefined {
  if (connection.kafkaSaslMechanism === 'none') return undefined;
  const username = connection.kafkaSaslUsername ?? '';
  const password = connection.kafkaSaslPassword ?? '';
  return { mechanism: connection.kafkaSaslMechanism, username, password } as SASLOptions;
}

/** Creates the schema-registry client (Confluent API; Apicurio serves it at /apis/ccompat/v7). */
export function createSchemaRegistry(connection: KafkaConnection): SchemaRegistry {
  const auth =
    connection.schemaRegistryUsername !== undefined
      ? { username: connection.schemaRegistryUsername, password: connection.schemaRegistryPassword ?? '' }
      : undefined;
  return new SchemaRegistry({
    host: connection.schemaRegistryUrl,
    ...(auth ? { auth } : {}),
    retry: { retries: 3 },
  });
}
