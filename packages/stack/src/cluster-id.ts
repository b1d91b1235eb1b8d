import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { newClusterId } from './kafka-config.js';

/**
 * The KRaft cluster id every node of the stack's cluster is formatted with: read from `file`, or made and written
 * there by the first caller. Synchronous on purpose: the three nodes of `--brokers 3` are prepared concurrently, and
 * with an await between the check and the write each node could make an id of its own; the nodes then refused each
 * other (INCONSISTENT_CLUSTER_ID) and the start failed on a fresh state dir now and then.
 */
export function ensureClusterId(file: string): string {
  const existing = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (existing !== '') return existing;
  const id = newClusterId();
  writeFileSync(file, `${id}\n`);
  return id;
}
