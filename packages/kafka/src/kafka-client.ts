import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import type { Logger } from '@shelfstream/observability';
import kafkajs, {
  type ConsumerConfig,
  type Kafka,
  type KafkaConfig,
  type ProducerConfig,
  type SASLOptions,
} from 'kafkajs';
import type { KafkaConnection } from './connection-config.js';
import { installCoordinatorFailover } from './coordinator-failover.js';

/**
 * Creates the KafkaJS client. KafkaJS log entries go to the service's pino logger, so they are JSON like the rest.
 * This is the only place that constructs a `Kafka`: keep all KafkaJS use behind this package (PITFALLS.md).
 */
export function createKafkaClient(connection: KafkaConnection, clientId: string, logger: Logger): Kafka {
  installCoordinatorFailover();
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
    // Backoff capped at 5 s (KafkaJS: 30 s): a consumer KafkaJS restarts after a broker died waits for that long.
    retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
  };
  const sasl = saslOptions(connection);
  if (sasl) config.sasl = sasl;
  return new FailoverKafka(config);
}

// kafkajs is CommonJS: take its runtime values from the default export.
const { Kafka: KafkaClient, logLevel } = kafkajs;

/**
 * How old cached cluster metadata may get (KafkaJS: 5 min). KafkaJS refreshes partition leaders only when the
 * metadata expires or a request meets a stale-metadata error; a connection refused by a dead broker is neither, so
 * with three brokers and one killed, consumers and producers kept asking the dead one for the partitions it led
 * until it came back (tulios/kafkajs#1439; `pnpm chaos --brokers 3` saw the whole mesh pause for the outage).
 */
export const METADATA_MAX_AGE_MS = 5000;

/** KafkaJS's client with {@link METADATA_MAX_AGE_MS} as the default of every consumer and producer it makes. */
class FailoverKafka extends KafkaClient {
  override consumer(config: ConsumerConfig) {
    return super.consumer({ metadataMaxAge: METADATA_MAX_AGE_MS, ...config });
  }

  override producer(config?: ProducerConfig) {
    return super.producer({ metadataMaxAge: METADATA_MAX_AGE_MS, ...config });
  }
}

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
