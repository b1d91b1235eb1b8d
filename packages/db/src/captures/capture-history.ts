import type { Queryable, RecordSource } from '../queryable.js';
import { type CaptureRow, toSnapshot } from './capture-row.js';
import type { CaptureSnapshot, CaptureState } from './capture-state.js';

/** One line of a capture's history. */
export interface CaptureHistoryEntry {
  readonly state: CaptureState;
  readonly detail: string | null;
  readonly occurredAt: number;
  readonly source: RecordSource;
  readonly applied: boolean;
}

/** A capture's tracked state and its event history in the order the events happened. */
export interface CaptureHistory {
  readonly capture: CaptureSnapshot;
  readonly events: readonly CaptureHistoryEntry[];
}

/** Loads a capture's state and history; null when the tracker has never seen it. */
export async function loadCaptureHistory(db: Queryable, captureId: string): Promise<CaptureHistory | null> {
  const current = await db.query<CaptureRow>('select * from shelfstream.captures where capture_id = $1', [
    captureId,
  ]);
  const row = current.rows[0];
  if (!row) return null;
  const events = await db.query<{
    state: CaptureState;
    detail: string | null;
    occurred_at: Date;
    source_topic: string;
    source_partition: number;
    source_offset: string;
    applied: boolean;
  }>(
    `select state, detail, occurred_at, source_topic, source_partition, source_offset, applied
       from shelfstream.capture_events where capture_id = $1 order by occurred_at, recorded_at`,
    [captureId],
  );
  return {
    capture: toSnapshot(row),
    events: events.rows.map((e) => ({
      state: e.state,
      detail: e.detail,
      occurredAt: e.occurred_at.getTime(),
      source: { topic: e.source_topic, partition: e.source_partition, offset: String(e.source_offset) },
      applied: e.applied,
    })),
  };
}
