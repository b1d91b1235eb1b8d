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
import { isDeliberateNotice } from './kafkajs-notices.js';

/**
 * Creates the KafkaJS client. KafkaJS log entries go to the service's pino logger, so they are JSON like the rest;
 * its notices about settings made on purpose at debug (see {@link isDeliberateNotice}).
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
        entry.level === logLevel.ERROR
          ? 'error'
          : entry.level === logLevel.WARN && !isDeliberateNotice(message)
            ? 'warn'
            : 'debug';
      logger[level]({ kafkajs: entry.namespace, ...extra }, message);
    },
    retry: KAFKA_RETRY,
  };
  const sasl = saslOptions(connection);
  if (sasl) config.sasl = sasl;
  return new FailoverKafka(config);
}

/**
 * The retry policy of every KafkaJS request: waits of 200, 400, 800 ms, then 1 s (KafkaJS: up to 30 s), 23 retries,
 * about 21 s in all. A short cap because a wait that began before a dead broker's partitions had new leaders runs
 * on past the election: with a 5 s cap `pnpm chaos --brokers 3` saw the mesh stand still 0.7-7.6 s longer than the
 * election. The count keeps the whole budget what it was with the 5 s cap (8 retries).
 */
export const KAFKA_RETRY = { initialRetryTime: 200, retries: 23, maxRetryTime: 1000 } as const;

/**
 * Retries of a consumer's own requests (fetch, heartbeat, join): about 31 s at {@link KAFKA_RETRY}'s waits, as 10
 * retries were with the 5 s cap; past it KafkaJS gives the consumer up and the ConsumerSupervisor makes a new one.
 */
export const CONSUMER_RETRIES = 33;

/**
 * Longest time a broker holds a fetch that has no records yet (KafkaJS: 5 s). KafkaJS rebuilds a consumer's fetchers
 * when the partitions' leaders move to other nodes, and first waits for every fetcher's request in flight: with 5 s
 * long polls the consumers of an idle-looking stage (its input stalled by the dead broker) resumed up to 5 s after
 * the election. Idle, a consumer now asks each broker once a second.
 */
export const FETCH_MAX_WAIT_MS = 1000;

// kafkajs is CommonJS: take its runtime values from the default export.
const { Kafka: KafkaClient, logLevel } = kafkajs;

/**
 * How old cached cluster metadata may get (KafkaJS: 5 min). KafkaJS refreshes partition leaders only when the
 * metadata expires or a request meets a stale-metadata error; a connection refused by a dead broker is neither, so
 * with three brokers and one killed, consumers and producers kept asking the dead one for the partitions it led
 * until it came back (tulios/kafkajs#1439; `pnpm chaos --brokers 3` saw the whole mesh pause for the outage).
 */
export const METADATA_MAX_AGE_MS = 5000;

/**
 * KafkaJS's client with {@link METADATA_MAX_AGE_MS} as the default of every consumer and producer it makes, and
 * {@link CONSUMER_RETRIES} and {@link FETCH_MAX_WAIT_MS} of every consumer.
 */
class FailoverKafka extends KafkaClient {
  override consumer(config: ConsumerConfig) {
    return super.consumer({
      metadataMaxAge: METADATA_MAX_AGE_MS,
      maxWaitTimeInMs: FETCH_MAX_WAIT_MS,
      ...config,
      retry: { retries: CONSUMER_RETRIES, ...config.retry },
    });
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
