import { loadConfig } from '@shelfstream/config';
import { namespacedCatalogue, topicNames } from '@shelfstream/contracts';
import {
  AvroCodec,
  catalogueTopicSchemas,
  createKafkaClient,
  createSchemaRegistry,
  type KafkaConnection,
  kafkaConnectionConfig,
} from '@shelfstream/kafka';
import { createLogger } from '@shelfstream/observability';
import type { Kafka } from 'kafkajs';

/** What Kafka commands of shelfctl need: the client, the codec bound to the namespace's topics, the DLQ name. */
export interface KafkaContext {
  readonly connection: KafkaConnection;
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly dlqTopic: string;
}

/**
 * Builds the Kafka context from the environment (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, KAFKA_TOPIC_NAMESPACE, ...:
 * the same variables the services read). KafkaJS logs go to stderr at warn level so stdout stays parseable.
 * Throws ConfigError (a usage error) for a bad variable.
 */
export function createKafkaContext(env: NodeJS.ProcessEnv = process.env): KafkaContext {
  // Keyed records use KafkaJS's default (Java-compatible) partitioner, like the services; its notice is noise here.
  process.env['KAFKAJS_NO_PARTITIONER_WARNING'] = '1';
  const connection = loadConfig(kafkaConnectionConfig, env) as KafkaConnection;
  const logger = createLogger({
    service: 'shelfctl',
    level: env['LOG_LEVEL'] === 'debug' ? 'debug' : 'warn',
    destination: process.stderr,
  });
  const kafka = createKafkaClient(connection, 'shelfctl', logger);
  const codec = new AvroCodec(
    createSchemaRegistry(connection),
    catalogueTopicSchemas(namespacedCatalogue(connection.kafkaTopicNamespace)),
  );
  return { connection, kafka, codec, dlqTopic: topicNames(connection.kafkaTopicNamespace).deadLetters };
}
