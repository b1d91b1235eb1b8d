import type { CaptureUnscorable } from '@shelfstream/contracts';
import type { Queryable, RecordSource } from '@shelfstream/db';
import { findStoredRecord, type StoredRecord } from './stored-record.js';

/** The stored UNSCORABLE decision of a capture (with the input record that produced it), or null. */
export function findUnscorable(
  db: Queryable,
  captureId: string,
): Promise<StoredRecord<CaptureUnscorable> | null> {
  return findStoredRecord<CaptureUnscorable>(db, 'unscorable_captures', captureId);
}

/** Stores a capture's UNSCORABLE decision; false (nothing written) when the capture already has one. */
export async function insertUnscorable(
  db: Queryable,
  decision: CaptureUnscorable,
  source: RecordSource,
): Promise<boolean> {
  const inserted = await db.query(
    `insert into shelfstream.unscorable_captures
       (capture_id, store_id, aisle, device_id, captured_at, reason_code, tier, decided_at, record,
        source_topic, source_partition, source_offset)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     on conflict (capture_id) do nothing`,
    [
      decision.capture_id,
      decision.store_id,
      decision.aisle,
      decision.device_id,
      new Date(decision.captured_at),
      decision.reason_code,
      decision.tier,
      new Date(decision.decided_at),
      JSON.stringify(decision),
      source.topic,
      source.partition,
      source.offset,
    ],
  );
  return inserted.rowCount !== 0;
}
