import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StackPaths } from './stack-paths.js';

/** Where `up` records how many Kafka nodes it started, so `status`, `env` and `down` find them without a flag. */
function countFile(paths: StackPaths): string {
  return path.join(paths.runDir, 'kafka-brokers');
}

/** The node count the last `up` of this state dir used; undefined when none is recorded. */
export async function recordedKafkaBrokers(paths: StackPaths): Promise<1 | 3 | undefined> {
  const text = await readFile(countFile(paths), 'utf8').catch(() => '');
  const count = Number(text.trim());
  return count === 1 || count === 3 ? count : undefined;
}

/** Records the node count of a start. */
export async function recordKafkaBrokers(paths: StackPaths, count: 1 | 3): Promise<void> {
  await writeFile(countFile(paths), `${count}\n`);
}
