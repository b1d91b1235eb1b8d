import type { Pool } from '@shelfstream/db';

/** Identifies one dead letter across namespaces: the DLQ topic name carries the namespace. */
export interface LedgerKey {
  readonly dlqTopic: string;
  readonly partition: number;
  readonly offset: string;
}

/** What {@link ReplayLedger.replayOnce} did. */
export type ReplayOnceResult = 'replayed' | 'already-replayed';

/**
 * Remembers which dead letters were replayed, so that replaying the same selection twice re-produces nothing.
 */
export interface ReplayLedger {
  /** True when the dead letter was replayed before (for dry runs). */
  wasReplayed(key: LedgerKey): Promise<boolean>;
  /**
   * Runs `send` unless the dead letter was replayed before, and records it only when `send` resolves; a `send` that
   * throws leaves no record, so the next run tries again.
   */
  replayOnce(
    key: LedgerKey,
    meta: { targetTopic: string; captureId: string | null },
    send: () => Promise<void>,
  ): Promise<ReplayOnceResult>;
}

/**
 * The ledger in PostgreSQL (`shelfstream.dlq_replays`). Each replay holds a row lock for the time of its send: the
 * row is inserted in a transaction, the record produced, then the transaction commits (rolled back if the send
 * fails). Two operators replaying at once therefore cannot both send: the second waits on the row, then sees it.
 * A crash between the send and the commit can produce a record twice; ingestion's dedup (same idempotency key)
 * and the stages' upserts absorb that.
 */
export class PgReplayLedger implements ReplayLedger {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async wasReplayed(key: LedgerKey): Promise<boolean> {
    const found = await this.#pool.query(
      'SELECT 1 FROM shelfstream.dlq_replays WHERE dlq_topic = $1 AND dlq_partition = $2 AND dlq_offset = $3',
      [key.dlqTopic, key.partition, key.offset],
    );
    return (found.rowCount ?? 0) > 0;
  }

  async replayOnce(
    key: LedgerKey,
    meta: { targetTopic: string; captureId: string | null },
    send: () => Promise<void>,
  ): Promise<ReplayOnceResult> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const claimed = await client.query(
        `INSERT INTO shelfstream.dlq_replays (dlq_topic, dlq_partition, dlq_offset, target_topic, capture_id)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING 1`,
        [key.dlqTopic, key.partition, key.offset, meta.targetTopic, meta.captureId],
      );
      if ((claimed.rowCount ?? 0) === 0) {
        await client.query('ROLLBACK');
        return 'already-replayed';
      }
      await send();
      await client.query('COMMIT');
      return 'replayed';
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }
}

/** A ledger in memory, for tests. */
export class InMemoryReplayLedger implements ReplayLedger {
  readonly replayed = new Map<string, { targetTopic: string; captureId: string | null }>();

  async wasReplayed(key: LedgerKey): Promise<boolean> {
    return this.replayed.has(ledgerId(key));
  }

  async replayOnce(
    key: LedgerKey,
    meta: { targetTopic: string; captureId: string | null },
    send: () => Promise<void>,
  ): Promise<ReplayOnceResult> {
    if (this.replayed.has(ledgerId(key))) return 'already-replayed';
    await send();
    this.replayed.set(ledgerId(key), meta);
    return 'replayed';
  }
}

function ledgerId(key: LedgerKey): string {
  return `${key.dlqTopic}/${key.partition}/${key.offset}`;
}
