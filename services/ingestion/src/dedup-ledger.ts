import type { Pool } from '@shelfstream/db';
import { StageError } from '@shelfstream/errors';

/** Where a record was consumed from: what tells a redelivery from a duplicate. */
export interface RecordOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** A first-seen row of the ledger. */
export interface LedgerEntry {
  readonly captureId: string;
  readonly origin: RecordOrigin;
  readonly storeId: string;
  readonly source: string;
  readonly contentSha256: string;
  readonly blobUri: string;
}

/** What {@link DedupLedger.claim} decided. */
export type ClaimResult = 'first' | 'redelivery' | 'duplicate';

/**
 * The dedup ledger: a capture id is "first seen" only when its row is inserted. A claim by the SAME record (same
 * origin) after an aborted Kafka transaction is a redelivery and is processed again; any other record with the key is
 * a duplicate.
 */
export interface DedupLedger {
  /** The origin of a capture id's first-seen record, or undefined when never seen. */
  originOf(captureId: string): Promise<RecordOrigin | undefined>;
  /** Records a capture as first seen, atomically (insert ... on conflict do nothing). */
  claim(entry: LedgerEntry): Promise<ClaimResult>;
  /** Counts a dropped duplicate on the row (for operators). */
  countDuplicate(captureId: string): Promise<void>;
}

/** True when two origins name the same consumed record. */
export function sameOrigin(a: RecordOrigin, b: RecordOrigin): boolean {
  return a.topic === b.topic && a.partition === b.partition && BigInt(a.offset) === BigInt(b.offset);
}

/** The ledger in PostgreSQL (`shelfstream.ingestion_captures`). DB failures are INGEST_DB_UNAVAILABLE (retriable). */
export class PgDedupLedger implements DedupLedger {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async originOf(captureId: string): Promise<RecordOrigin | undefined> {
    const result = await this.#query<{
      origin_topic: string;
      origin_partition: number;
      origin_offset: string;
    }>(
      'select origin_topic, origin_partition, origin_offset from shelfstream.ingestion_captures where capture_id = $1',
      [captureId],
    );
    const row = result[0];
    return row
      ? { topic: row.origin_topic, partition: row.origin_partition, offset: String(row.origin_offset) }
      : undefined;
  }

  async claim(entry: LedgerEntry): Promise<ClaimResult> {
    const inserted = await this.#query(
      `insert into shelfstream.ingestion_captures
         (capture_id, origin_topic, origin_partition, origin_offset, store_id, source, content_sha256, blob_uri)
       values ($1, $2, $3, $4, $5, $6, $7, $8)
       on conflict (capture_id) do nothing
       returning capture_id`,
      [
        entry.captureId,
        entry.origin.topic,
        entry.origin.partition,
        entry.origin.offset,
        entry.storeId,
        entry.source,
        entry.contentSha256,
        entry.blobUri,
      ],
    );
    if (inserted.length === 1) return 'first';
    // The conflicting row is committed by now (on conflict waits for a concurrent inserter), so a new query sees it.
    const origin = await this.originOf(entry.captureId);
    return origin && sameOrigin(origin, entry.origin) ? 'redelivery' : 'duplicate';
  }

  async countDuplicate(captureId: string): Promise<void> {
    await this.#query(
      'update shelfstream.ingestion_captures set duplicates = duplicates + 1 where capture_id = $1',
      [captureId],
    );
  }

  async #query<R>(sql: string, params: unknown[]): Promise<R[]> {
    try {
      return (await this.#pool.query(sql, params)).rows as R[];
    } catch (err) {
      throw new StageError('INGEST_DB_UNAVAILABLE', `dedup ledger: ${(err as Error).message}`, {
        retriable: true,
        cause: err,
      });
    }
  }
}

/** An in-memory ledger with the same semantics, for unit tests. */
export class InMemoryDedupLedger implements DedupLedger {
  readonly rows = new Map<string, LedgerEntry & { duplicates: number }>();

  async originOf(captureId: string): Promise<RecordOrigin | undefined> {
    return this.rows.get(captureId)?.origin;
  }

  async claim(entry: LedgerEntry): Promise<ClaimResult> {
    const row = this.rows.get(entry.captureId);
    if (!row) {
      this.rows.set(entry.captureId, { ...entry, duplicates: 0 });
      return 'first';
    }
    return sameOrigin(row.origin, entry.origin) ? 'redelivery' : 'duplicate';
  }

  async countDuplicate(captureId: string): Promise<void> {
    const row = this.rows.get(captureId);
    if (row) row.duplicates += 1;
  }
}
