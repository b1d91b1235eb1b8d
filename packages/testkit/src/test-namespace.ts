import { namespacedCatalogue, type TopicNames, topicNames } from '@shelfstream/contracts';
import {
  AvroCodec,
  catalogueTopicSchemas,
  createKafkaClient,
  createSchemaRegistry,
  type KafkaConnection,
  provision,
} from '@shelfstream/kafka';
import { createLogger, type Logger } from '@shelfstream/observability';
import type { Kafka } from 'kafkajs';
import { testKafkaConnection } from './stack-connection.js';
import { uniqueName } from './unique-name.js';

/** A topic namespace on the running stack and the clients a test reaches it with. */
export interface TestNamespace {
  readonly ns: string;
  readonly topics: TopicNames;
  readonly connection: KafkaConnection;
  readonly logger: Logger;
  readonly kafka: Kafka;
  /** Encodes and decodes every catalogue topic of the namespace. */
  readonly codec: AvroCodec;
  /** Creates the namespace's topics and registers their schemas (idempotent). */
  provision(): Promise<void>;
}

export interface NamespaceClientOptions {
  /** The Kafka client id and the logger's service name. @default 'test' */
  readonly clientId?: string;
  /** @default 'error' (a test's own log lines are noise) */
  readonly logLevel?: string;
}

/**
 * The clients for `connection`'s topic namespace. Nothing connects until used, so tests can build it at module
 * level and provision it in `before`.
 */
export function namespaceClients(
  connection: KafkaConnection,
  options: NamespaceClientOptions = {},
): TestNamespace {
  const clientId = options.clientId ?? 'test';
  const ns = connection.kafkaTopicNamespace;
  const logger = createLogger({ service: clientId, level: options.logLevel ?? 'error' });
  return {
    ns,
    topics: topicNames(ns),
    connection,
    logger,
    kafka: createKafkaClient(connection, clientId, logger),
    codec: new AvroCodec(createSchemaRegistry(connection), catalogueTopicSchemas(namespacedCatalogue(ns))),
    provision: async () => {
      await provision(connection, logger);
    },
  };
}

/** A fresh namespace `<prefix>-<8 hex>` on the local stack (not provisioned yet), with its clients. */
export function testNamespace(prefix = 't', options: NamespaceClientOptions = {}): TestNamespace {
  return namespaceClients({ ...testKafkaConnection(), kafkaTopicNamespace: uniqueName(prefix) }, options);
}
