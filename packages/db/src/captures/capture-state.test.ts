import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyCaptureEvent, type CaptureEvent, type CaptureSnapshot, stateRank } from './capture-state.js';

const event = (
  state: CaptureEvent['state'],
  occurredAt: number,
  extra: Partial<CaptureEvent> = {},
): CaptureEvent => ({
  captureId: 'c1',
  state,
  occurredAt,
  detail: null,
  ...extra,
});

function replay(events: readonly CaptureEvent[]): { snapshot: CaptureSnapshot; applied: boolean[] } {
  let snapshot: CaptureSnapshot | null = null;
  const applied: boolean[] = [];
  for (const e of events) {
    const r = applyCaptureEvent(snapshot, e);
    snapshot = r.next;
    applied.push(r.applied);
  }
  return { snapshot: snapshot as CaptureSnapshot, applied };
}

const inOrder = [
  event('INGESTED', 1000, { storeId: 's1', aisle: 'A1', blobUris: ['file:///b/original'] }),
  event('PREPROCESSED', 1100, { blobUris: ['file:///b/original', 'file:///b/normalized'] }),
  event('INFERRED', 1200, { tier: 'EDGE', detail: 'EDGE' }),
  event('SCORED', 1300),
];

test('states move forward through the pipeline and record each stage time', () => {
  const { snapshot, applied } = replay(inOrder);
  assert.deepEqual(applied, [true, true, true, true]);
  assert.equal(snapshot.state, 'SCORED');
  assert.equal(snapshot.tier, 'EDGE');
  assert.deepEqual(snapshot.timestamps, {
    ingestedAt: 1000,
    preprocessedAt: 1100,
    inferredAt: 1200,
    driftedAt: null,
    deadLetteredAt: null,
    unscorableAt: null,
    scoredAt: 1300,
    archivedAt: null,
  });
  assert.deepEqual(snapshot.blobUris, ['file:///b/original', 'file:///b/normalized']);
});

test('a late older event is ignored for the state but fills its timestamp, in any delivery order', () => {
  const orders = [
    [3, 2, 1, 0],
    [1, 3, 0, 2],
    [2, 0, 3, 1],
  ];
  for (const order of orders) {
    const { snapshot } = replay(order.map((i) => inOrder[i] as CaptureEvent));
    assert.equal(snapshot.state, 'SCORED', `order ${order}`);
    assert.equal(snapshot.timestamps.ingestedAt, 1000);
    assert.equal(snapshot.timestamps.preprocessedAt, 1100);
    assert.equal(snapshot.tier, 'EDGE');
    assert.equal(snapshot.storeId, 's1');
  }
  const { applied } = replay([inOrder[3], inOrder[0]] as CaptureEvent[]);
  assert.deepEqual(applied, [true, false]);
});

test('a late dead letter never undoes a score, but a replayed dead-lettered capture can still be scored', () => {
  const late = replay([...inOrder, event('DEAD_LETTERED', 1250, { detail: 'PREPROCESS_DECODE_FAILED' })]);
  assert.equal(late.snapshot.state, 'SCORED');
  assert.equal(late.snapshot.deadLetterReason, null);
  const replayed = replay([
    event('INGESTED', 1000),
    event('DEAD_LETTERED', 1050, { detail: 'SCORING_DB_UNAVAILABLE', deadLetterStage: 'SCORING' }),
    event('SCORED', 2000),
  ]);
  assert.equal(replayed.snapshot.state, 'SCORED');
  assert.equal(replayed.snapshot.deadLetterReason, 'SCORING_DB_UNAVAILABLE');
});

test('version drift is held until reprocessing scores the capture', () => {
  const { snapshot, applied } = replay([
    ...inOrder.slice(0, 3),
    event('VERSION_DRIFT', 1250),
    event('INFERRED', 5000, { tier: 'EDGE' }),
    event('SCORED', 5100),
  ]);
  assert.deepEqual(applied, [true, true, true, true, false, true]);
  assert.equal(snapshot.state, 'SCORED');
  assert.equal(snapshot.timestamps.driftedAt, 1250);
  assert.equal(snapshot.timestamps.inferredAt, 1200, 'earliest inference time kept');
});

test('applying the same event twice changes nothing', () => {
  const once = replay(inOrder).snapshot;
  const twice = applyCaptureEvent(once, inOrder[3] as CaptureEvent);
  assert.equal(twice.applied, false);
  assert.deepEqual(twice.next, once);
});

test('ranks order the states as DESIGN.md lists them', () => {
  assert.ok(stateRank('INGESTED') < stateRank('PREPROCESSED'));
  assert.ok(stateRank('INFERRED') < stateRank('VERSION_DRIFT'));
  assert.ok(stateRank('DEAD_LETTERED') < stateRank('UNSCORABLE'));
  assert.ok(stateRank('UNSCORABLE') < stateRank('SCORED'));
  assert.ok(stateRank('SCORED') < stateRank('ARCHIVED'));
});

test('ranks already stored before UNSCORABLE existed keep their values', () => {
  // Rows written with the old index-derived ranks must still compare: no data migration rewrote them.
  assert.deepEqual(
    (
      [
        'INGESTED',
        'PREPROCESSED',
        'INFERRED',
        'VERSION_DRIFT',
        'DEAD_LETTERED',
        'SCORED',
        'ARCHIVED',
      ] as const
    ).map(stateRank),
    [10, 20, 30, 40, 50, 60, 70],
  );
});

test('an UNSCORABLE capture records its reason and a late inference event does not move it back', () => {
  const unscorable: CaptureEvent = {
    captureId: 'c-blank',
    state: 'UNSCORABLE',
    occurredAt: 500,
    detail: 'SCORING_NO_SHELF_FOUND',
  };
  const first = applyCaptureEvent(null, unscorable);
  const late = applyCaptureEvent(first.next, {
    captureId: 'c-blank',
    state: 'INFERRED',
    occurredAt: 400,
    detail: 'EDGE',
    tier: 'EDGE',
  });
  assert.equal(late.applied, false);
  assert.equal(late.next.state, 'UNSCORABLE');
  assert.equal(late.next.timestamps.unscorableAt, 500);
  assert.equal(late.next.timestamps.inferredAt, 400);
});
