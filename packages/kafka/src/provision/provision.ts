import { namespacedCatalogue, type TopicSpec, valueSubject } from '@shelfstream/contracts';
import type { Logger } from '@shelfstream/observability';
import type { KafkaConnection } from '../connection-config.js';
import { createKafkaClient, createSchemaRegistry } from '../kafka-client.js';
import { catalogueTopicSchemas } from '../topic-schemas.js';
import { type RegisteredSubject, registerSchemas } from './schema-registrar.js';
import { provisionTopics, type TopicProvisionResult } from './topic-provisioner.js';

/** What `provision` did. */
export interface ProvisionReport {
  readonly topics: readonly TopicProvisionResult[];
  readonly subjects: readonly RegisteredSubject[];
}

/** Applies the topic catalogue and registers every value schema; idempotent. */
export async function provision(
  connection: KafkaConnection,
  logger: Logger,
  options: { topics?: boolean; schemas?: boolean; catalogue?: readonly TopicSpec[] } = {},
): Promise<ProvisionReport> {
  const catalogue = options.catalogue ?? namespacedCatalogue(connection.kafkaTopicNamespace);
  let topics: TopicProvisionResult[] = [];
  let subjects: RegisteredSubject[] = [];
  if (options.topics !== false) {
    const admin = createKafkaClient(connection, 'shelfstream-provision', logger).admin();
    await admin.connect();
    try {
      topics = await provisionTopics(admin, catalogue, {
        replicationFactor: connection.kafkaReplicationFactor,
        minInsyncReplicas: connection.kafkaMinInsyncReplicas,
      });
    } finally {
      await admin.disconnect();
    }
  }
  if (options.schemas !== false) {
    const schemas = catalogueTopicSchemas(catalogue);
    subjects = await registerSchemas(
      createSchemaRegistry(connection),
      connection.schemaRegistryUrl,
      [...schemas].map(([topic, schema]) => ({ subject: valueSubject(topic), schema })),
      connection.schemaRegistryUsername !== undefined
        ? {
            auth: {
              username: connection.schemaRegistryUsername,
              password: connection.schemaRegistryPassword ?? '',
            },
          }
        : {},
    );
  }
  return { topics, subjects };
}
