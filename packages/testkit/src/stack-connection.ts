import { loadConfig } from '@shelfstream/config';
import { type KafkaConnection, kafkaConnectionConfig } from '@shelfstream/kafka';
import { loadStackConfig, stackEnvironment } from '@shelfstream/stack';

/**
 * The environment a test (or a service it spawns) uses to reach the running local stack: the stack's endpoints
 * (honouring STACK_PORT_OFFSET and friends), overridden by any KAFKA_BROKERS / SCHEMA_REGISTRY_URL / ... already set.
 */
export function testStackEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const fromStack = stackEnvironment(loadStackConfig(env));
  const merged: Record<string, string> = { ...fromStack };
  for (const name of Object.keys(fromStack)) {
    const own = env[name];
    if (own !== undefined && own !== '') merged[name] = own;
  }
  return merged;
}

/** The parsed Kafka/registry connection for the running local stack. */
export function testKafkaConnection(env: NodeJS.ProcessEnv = process.env): KafkaConnection {
  return loadConfig(kafkaConnectionConfig, { ...env, ...testStackEnvironment(env) });
}
