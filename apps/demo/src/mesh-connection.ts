import { loadConfig } from '@shelfstream/config';
import { type KafkaConnection, kafkaConnectionConfig } from '@shelfstream/kafka';

/**
 * The Kafka connection of a mesh on a stack: the stack's variables over the caller's environment, topics in
 * `namespace`. The demo, the chaos harness and the tests' local sessions read it the same way as the services do.
 */
export function meshConnection(
  stackEnv: Record<string, string>,
  namespace: string,
  env: NodeJS.ProcessEnv = process.env,
): KafkaConnection {
  return loadConfig(kafkaConnectionConfig, {
    ...env,
    ...stackEnv,
    KAFKA_TOPIC_NAMESPACE: namespace,
  }) as KafkaConnection;
}
