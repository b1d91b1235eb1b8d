import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import {
  type CaptureState,
  loadCaptureHistory,
  type Pool,
  recordCaptureEvent,
  recordCaptureEvents,
  type SourcedEvent,
} from '@shelfstream/db';
import { createTestDatabase, type TestDatabase } from './harness.js';

let database: TestDatabase;
let pool: Pool;

before(async () => {
  database = await createTestDatabase(`batch_${randomBytes(4).toString('hex')}`, 4);
  pool = database.pool;
});

after(async () => {
  await database?.drop();
});

const T0 = Date.UTC(2026, 10, 1, 9);

/** A capture's life, delivered out of order, with one record delivered twice. */
function events(captureId: string, topicPrefix: string): SourcedEvent[] {
  const at = (state: CaptureState, dt: number, topic: string, offset: string): SourcedEvent => ({
    event: {
      captureId,
      state,
      occurredAt: T0 + dt,
      detail: state === 'SCORED' ? 'score 88' : null,
      storeId: 'store-b',
      aisle: 'A01',
      blobUris: [`file:///blobs/${captureId}/${state}`],
      ...(state === 'SCORED' ? { tier: 'EDGE' } : {}),
    },
    source: { topic: `${topicPrefix}.${topic}`, partition: 2, offset },
  });
  return [
    at('INGESTED', 0, 'accepted', '10'),
    at('INFERRED', 600, 'detections', '11'),
    at('PREPROCESSED', 200, 'prepared', '12'),
    at('INFERRED', 600, 'detections', '11'), // the same record again
    at('SCORED', 900, 'compliance', '13'),
  ];
}

async function summary(captureId: string) {
  const history = await loadCaptureHistory(pool, captureId);
  assert.ok(history, `no history for ${captureId}`);
  const { capture } = history;
  return {
    capture: { ...capture, captureId: 'x', blobUris: capture.blobUris.map((u) => u.replace(captureId, 'x')) },
    events: history.events.map((e) => ({
      ...e,
      source: { ...e.source, topic: e.source.topic.split('.')[1] },
    })),
  };
}

test('a batch records what the same events recorded one by one record, in one transaction', async () => {
  const one: (Awaited<ReturnType<typeof recordCaptureEvent>> | null)[] = [];
  for (const { event, source } of events('cap-one', 'one'))
    one.push(await recordCaptureEvent(pool, event, source));
  const batch = await recordCaptureEvents(pool, events('cap-batch', 'batch'));

  assert.equal(batch.length, 5);
  assert.equal(batch[3], null, 'the redelivered record is recognized inside its own batch');
  assert.deepEqual(
    batch.map((r) => r && { applied: r.applied, state: r.next.state, before: r.before?.state ?? null }),
    one.map((r) => r && { applied: r.applied, state: r.next.state, before: r.before?.state ?? null }),
  );
  assert.equal(batch[4]?.next.state, 'SCORED');
  assert.equal(batch[2]?.applied, false, 'a late PREPROCESSED does not move an INFERRED capture back');
  assert.deepEqual(await summary('cap-batch'), await summary('cap-one'));
});

test('a redelivered batch changes nothing and returns null for every event', async () => {
  const first = await recordCaptureEvents(pool, events('cap-again', 'again'));
  assert.ok(first.filter((r) => r !== null).length === 4);
  const before = await summary('cap-again');
  const again = await recordCaptureEvents(pool, events('cap-again', 'again'));
  assert.deepEqual(again, [null, null, null, null, null]);
  assert.deepEqual(await summary('cap-again'), before);
});

test('batches over the same captures in opposite orders, at once, neither deadlock nor lose an event', async () => {
  const ids = Array.from({ length: 12 }, (_, i) => `cap-race-${i}`);
  const all = ids.flatMap((id) => events(id, 'race'));
  const forward = all.filter((_, i) => i % 2 === 0);
  const backward = all.filter((_, i) => i % 2 === 1).reverse();
  await Promise.all([recordCaptureEvents(pool, forward), recordCaptureEvents(pool, backward)]);
  for (const id of ids) {
    const history = await loadCaptureHistory(pool, id);
    assert.equal(history?.events.length, 4, `${id}: 4 distinct source records`);
    assert.equal(history?.capture.state, 'SCORED', `${id} ends SCORED whatever the order`);
  }
});

test('an empty batch is a no-op', async () => {
  assert.deepEqual(await recordCaptureEvents(pool, []), []);
});
