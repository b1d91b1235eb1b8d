import { setTimeout as sleep } from 'node:timers/promises';
import type { createKafkaClient } from '@shelfstream/kafka';
import { meshGroups, offsetLags, settledLags } from './consumer-lag.js';

type Kafka = ReturnType<typeof createKafkaClient>;
type Admin = ReturnType<Kafka['admin']>;

/** Lag in records of a consumer group. */
export interface GroupLag {
  readonly group: string;
  readonly lag: number;
}

/** Record lag of every consumer group of the namespace now. */
export async function readMeshLags(kafka: Kafka, admin: Admin, namespace: string): Promise<GroupLag[]> {
  const groups = await meshGroups(admin, namespace);
  return settledLags(kafka, await offsetLags(admin, namespace, groups));
}

/**
 * Polls every group's lag (every 10 s) until all are 0 or the harness clock passes `untilMs`; returns the last
 * reading, one line of progress per poll. A failing read (broker still starting) is logged and retried.
 */
export async function waitForZeroLag(options: {
  kafka: Kafka;
  admin: Admin;
  namespace: string;
  untilMs: number;
  clock: () => number;
  log: (line: string) => void;
  signal: AbortSignal;
}): Promise<GroupLag[]> {
  const { clock, log, namespace } = options;
  let last: GroupLag[] = [];
  for (;;) {
    try {
      last = await readMeshLags(options.kafka, options.admin, namespace);
      const behind = last.filter((g) => g.lag > 0);
      if (behind.length === 0 && last.length > 0) {
        log(`  every consumer group at lag 0 (${last.length} groups) at +${Math.round(clock() / 1000)}s`);
        return last;
      }
      const list = behind.map((g) => `${g.group.replace(`${namespace}.`, '')} ${g.lag}`).join(', ');
      log(`  [+${Math.round(clock() / 1000)}s] lag: ${list}`);
    } catch (err) {
      log(`  lag read failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (clock() >= options.untilMs || options.signal.aborted) return last;
    await sleep(Math.min(10_000, Math.max(0, options.untilMs - clock())));
  }
}
