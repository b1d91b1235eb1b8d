import type { Queryable, RecordSource } from '@shelfstream/db';

/** The scorer's tables that keep one record per capture with the input record that produced it. */
export type StoredRecordTable = 'compliance_results' | 'unscorable_captures';

/** A stored output record of a capture and the input record that produced it. */
export interface StoredRecord<T> {
  readonly record: T;
  readonly source: RecordSource;
}

/** The record a capture has in `table`, with its source, or null. */
export async function findStoredRecord<T>(
  db: Queryable,
  table: StoredRecordTable,
  captureId: string,
): Promise<StoredRecord<T> | null> {
  const result = await db.query<{
    record: T;
    source_topic: string;
    source_partition: number;
    source_offset: string;
  }>(
    // `table` is one of two literals, never input.
    `select record, source_topic, source_partition, source_offset from shelfstream.${table} where capture_id = $1`,
    [captureId],
  );
  const row = result.rows[0];
  if (!row) return null;
  return {
    record: row.record,
    source: { topic: row.source_topic, partition: row.source_partition, offset: String(row.source_offset) },
  };
}
