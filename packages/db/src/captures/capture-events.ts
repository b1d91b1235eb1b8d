import type pg from 'pg';
import type { RecordSource } from '../queryable.js';
import { withTransaction } from '../transaction.js';
import { type CaptureRow, saveSnapshots, toSnapshot } from './capture-row.js';
import {
  type AppliedEvent,
  applyCaptureEvent,
  type CaptureEvent,
  type CaptureSnapshot,
} from './capture-state.js';

/** The state change one recorded event made. */
export interface RecordedEvent extends AppliedEvent {
  readonly before: CaptureSnapshot | null;
}

/**
 * Records a stage event for its capture in one transaction: the event joins the capture's history (keyed by the
 * source record, so a redelivered record changes nothing and returns null) and the capture's state row is moved by
 * {@link applyCaptureEvent} under a row lock.
 */
export async function recordCaptureEvent(
  pool: pg.Pool,
  event: CaptureEvent,
  source: RecordSource,
): Promise<RecordedEvent | null> {
  const [recorded] = await recordCaptureEvents(pool, [{ event, source }]);
  return recorded ?? null;
}

/** One event to record and the record it came from. */
export interface SourcedEvent {
  readonly event: CaptureEvent;
  readonly source: RecordSource;
}

const eventKey = (captureId: string, s: RecordSource): string =>
  `${captureId}\u0000${s.topic}\u0000${s.partition}\u0000${s.offset}`;

/**
 * Records many stage events in ONE transaction, a fixed number of statements whatever their count (the tracker's
 * batch): the same outcome as {@link recordCaptureEvent} called on each in order (a redelivered event changes
 * nothing and gives null; each capture's state moves event after event), at a handful of round trips per batch
 * instead of six per event.
 *
 * Writers of one capture are serialized by the same advisory lock as the single-event path, taken in hash order so
 * that two batches (or a batch and the archival job) never wait on each other in a cycle.
 */
export async function recordCaptureEvents(
  pool: pg.Pool,
  items: readonly SourcedEvent[],
): Promise<(RecordedEvent | null)[]> {
  if (items.length === 0) return [];
  const ids = [...new Set(items.map((i) => i.event.captureId))];
  return withTransaction(pool, async (client) => {
    await client.query(
      `select pg_advisory_xact_lock(h)
         from (select distinct hashtext('capture:' || id) as h from unnest($1::text[]) as id order by h) as locks`,
      [ids],
    );
    const current = await client.query<CaptureRow>(
      'select * from shelfstream.captures where capture_id = any($1::text[]) for update',
      [ids],
    );
    const seen = await client.query<{
      capture_id: string;
      source_topic: string;
      source_partition: number;
      source_offset: string;
    }>(
      `select e.capture_id, e.source_topic, e.source_partition, e.source_offset
         from shelfstream.capture_events e
         join unnest($1::text[], $2::text[], $3::int[], $4::bigint[]) as k(capture_id, topic, part, off)
           on e.capture_id = k.capture_id and e.source_topic = k.topic
          and e.source_partition = k.part and e.source_offset = k.off`,
      [
        items.map((i) => i.event.captureId),
        items.map((i) => i.source.topic),
        items.map((i) => i.source.partition),
        items.map((i) => i.source.offset),
      ],
    );
    const recorded = new Set(
      seen.rows.map((r) =>
        eventKey(r.capture_id, {
          topic: r.source_topic,
          partition: r.source_partition,
          offset: String(r.source_offset),
        }),
      ),
    );
    const snapshots = new Map<string, CaptureSnapshot | null>(ids.map((id) => [id, null]));
    for (const row of current.rows) snapshots.set(row.capture_id, toSnapshot(row));
    const results: (RecordedEvent | null)[] = [];
    const fresh: { item: SourcedEvent; applied: boolean }[] = [];
    for (const item of items) {
      const key = eventKey(item.event.captureId, item.source);
      if (recorded.has(key)) {
        results.push(null);
        continue;
      }
      recorded.add(key);
      const before = snapshots.get(item.event.captureId) ?? null;
      const applied = applyCaptureEvent(before, item.event);
      snapshots.set(item.event.captureId, applied.next);
      fresh.push({ item, applied: applied.applied });
      results.push({ ...applied, before });
    }
    if (fresh.length > 0) {
      await client.query(
        `insert into shelfstream.capture_events
           (capture_id, state, detail, occurred_at, source_topic, source_partition, source_offset, applied)
         select * from unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::int[],
                              $7::bigint[], $8::boolean[])`,
        [
          fresh.map((f) => f.item.event.captureId),
          fresh.map((f) => f.item.event.state),
          fresh.map((f) => f.item.event.detail),
          fresh.map((f) => new Date(f.item.event.occurredAt)),
          fresh.map((f) => f.item.source.topic),
          fresh.map((f) => f.item.source.partition),
          fresh.map((f) => f.item.source.offset),
          fresh.map((f) => f.applied),
        ],
      );
      const changed = [...new Set(fresh.map((f) => f.item.event.captureId))];
      await saveSnapshots(
        client,
        changed.map((id) => snapshots.get(id) as CaptureSnapshot),
      );
    }
    return results;
  });
}
