import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createLogger, type Logger } from '@shelfstream/observability';

/**
 * The logger of a harness process (demo, chaos, bench): its own Kafka and registry clients log here, as JSON, into
 * `<stateDir>/logs/harness.log` beside the services' logs, so the terminal keeps only the progress a person reads
 * (KafkaJS's partitioner notice and "Limiting retries for the idempotent producer" used to land in it).
 */
export function harnessLogger(stateDir: string, service: string): Logger {
  const dir = path.join(stateDir, 'logs');
  mkdirSync(dir, { recursive: true });
  return createLogger({
    service,
    level: 'warn',
    destination: createWriteStream(path.join(dir, 'harness.log'), { flags: 'a' }),
  });
}
