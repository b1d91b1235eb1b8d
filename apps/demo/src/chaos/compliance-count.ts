import { randomBytes } from 'node:crypto';
import type { ComplianceScored } from '@shelfstream/contracts';
import type { AvroCodec, createKafkaClient } from '@shelfstream/kafka';

type Kafka = ReturnType<typeof createKafkaClient>;

/** A superseding record (a re-score): the tier that re-scored the capture and the tier of the score it replaced. */
export interface RescoreRecord {
  readonly tier: string;
  readonly supersededTier: string;
}

/**
 * The committed compliance records of one key: a capture has exactly one first score (`supersedes` null) and at
 * most one re-score per tier (a record whose `supersedes` names the earlier score).
 */
export interface KeyRecords {
  /** Records with `supersedes` null (and records that could not be decoded: counted here, the pessimistic reading). */
  readonly first: number;
  /** The superseding records, in reading order. */
  readonly rescores: readonly RescoreRecord[];
}

/** What a topic holds, committed: records per key, and when the first scores were produced. */
export interface CommittedRecords {
  readonly records: Map<string, KeyRecords>;
  /**
   * The first scores' timestamps (producer CreateTime: when the stage produced them; epoch ms), in reading order.
   * Re-scores are left out: they finish no capture.
   */
  readonly producedAtMs: number[];
  /** Records whose value could not be decoded (counted as first scores). */
  readonly undecoded: number;
}

/** Adds one record of `key` to `records` (pure apart from the map): a first score, or a re-score by a tier. */
export function tallyRecord(
  records: Map<string, KeyRecords>,
  key: string,
  supersedes: { readonly tier: string; readonly supersededTier: string } | null,
): void {
  const had = records.get(key) ?? { first: 0, rescores: [] };
  records.set(
    key,
    supersedes === null
      ? { first: had.first + 1, rescores: had.rescores }
      : { first: had.first, rescores: [...had.rescores, supersedes] },
  );
}

/** All records of a key, first scores and re-scores. */
export function recordCount(r: KeyRecords | undefined): number {
  return r === undefined ? 0 : r.first + r.rescores.length;
}

/**
 * Committed records per key on the compliance topic `topic`, told apart by their `supersedes` field (decoded with
 * `codec`), and the first scores' produce times: read from the beginning by a throw-away read_committed group
 * (aborted transactions are never counted) until nothing arrived for `settleMs`. The same reading as test/e2e's
 * countByKey (testkit is test-only and never built, so the demo package cannot depend on it).
 */
export async function readCommitted(
  kafka: Kafka,
  codec: AvroCodec,
  topic: string,
  options: { settleMs?: number; timeoutMs?: number } = {},
): Promise<CommittedRecords> {
  const settleMs = options.settleMs ?? 5000;
  const records = new Map<string, KeyRecords>();
  const producedAtMs: number[] = [];
  let undecoded = 0;
  const consumer = kafka.consumer({
    groupId: `chaos-verdict-${randomBytes(4).toString('hex')}`,
    readUncommitted: false,
  });
  let last = Date.now();
  let joined = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
    last = Date.now();
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        last = Date.now();
        const key = message.key?.toString('utf8') ?? '';
        const value = await codec.decode<ComplianceScored>(message.value, topic).catch(() => undefined);
        if (value === undefined) undecoded++;
        const supersedes = value?.supersedes ?? null;
        tallyRecord(
          records,
          key,
          value && supersedes ? { tier: value.tier, supersededTier: supersedes.tier } : null,
        );
        if (supersedes === null) producedAtMs.push(Number(message.timestamp));
        last = Date.now();
      },
    });
    const deadline = Date.now() + (options.timeoutMs ?? 300_000);
    while (Date.now() < deadline && !(joined && Date.now() - last >= settleMs))
      await new Promise((r) => setTimeout(r, 200));
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  return { records, producedAtMs, undecoded };
}
