import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type TrackedRecord, toCaptureEvent } from './to-capture-event.js';

type ValueOf<K extends TrackedRecord['kind']> = Extract<TrackedRecord, { kind: K }>['value'];

// Only the fields toCaptureEvent reads: the rest of each record does not matter to it.
function eventOf<K extends TrackedRecord['kind']>(kind: K, value: Partial<ValueOf<K>>) {
  return toCaptureEvent({ kind, value } as unknown as TrackedRecord);
}

const identity = { capture_id: 'c1', store_id: 's1', aisle: 'A1', device_id: 'd1', captured_at: 1000 };
const facts = { captureId: 'c1', storeId: 's1', aisle: 'A1', deviceId: 'd1', capturedAt: 1000 };

test('each stage topic maps to its state, timestamp, detail and blobs, with the capture identity', () => {
  assert.deepEqual(eventOf('validated', { ...identity, accepted_at: 1100, source: 'CLI', blob_uri: 'b0' }), {
    ...facts,
    state: 'INGESTED',
    occurredAt: 1100,
    detail: 'CLI',
    blobUris: ['b0'],
  });
  assert.deepEqual(
    eventOf('prepared', {
      ...identity,
      prepared_at: 1200,
      quality: 'OK',
      original_blob_uri: 'b0',
      blob_uri: 'b1',
    }),
    { ...facts, state: 'PREPROCESSED', occurredAt: 1200, detail: 'OK', blobUris: ['b0', 'b1'] },
  );
  assert.deepEqual(eventOf('detections', { ...identity, produced_at: 1300, tier: 'EDGE', blob_uri: 'b1' }), {
    ...facts,
    state: 'INFERRED',
    occurredAt: 1300,
    detail: 'EDGE',
    tier: 'EDGE',
    blobUris: ['b1'],
  });
  assert.deepEqual(
    eventOf('drift', { ...identity, held_at: 1400, planogram_version: 'v3', active_version: null }),
    { ...facts, state: 'VERSION_DRIFT', occurredAt: 1400, detail: 'planogram v3, active none' },
  );
  assert.deepEqual(
    eventOf('unscorable', {
      ...identity,
      decided_at: 1450,
      reason_code: 'SCORING_NO_SHELF_FOUND',
      blob_uri: 'b1',
    }),
    { ...facts, state: 'UNSCORABLE', occurredAt: 1450, detail: 'SCORING_NO_SHELF_FOUND', blobUris: ['b1'] },
  );
  assert.deepEqual(eventOf('compliance', { ...identity, scored_at: 1500, score: 87.25, partial: true }), {
    ...facts,
    state: 'SCORED',
    occurredAt: 1500,
    detail: 'score 87.3 (partial)',
  });
});

test('a re-score names the tier and the score it supersedes in its detail', () => {
  const supersedes = {
    tier: 'EDGE' as const,
    model_id: 'm',
    model_version: '1',
    score: 61.25,
    partial: false,
    scored_at: 1500,
  };
  assert.deepEqual(
    eventOf('compliance', {
      ...identity,
      scored_at: 1900,
      score: 88,
      partial: false,
      tier: 'REMOTE',
      supersedes,
    }),
    {
      ...facts,
      state: 'SCORED',
      occurredAt: 1900,
      detail: 'score 88.0, re-scored by REMOTE: supersedes EDGE 61.3',
    },
  );
});

test('a dead letter maps to DEAD_LETTERED with its stage, or to null when it names no capture', () => {
  const dead: Partial<ValueOf<'deadLetter'>> = {
    capture_id: 'c1',
    dead_lettered_at: 1600,
    reason_code: 'PREPROCESS_DECODE_FAILED',
    stage: 'PREPROCESSING',
    blob_uri: 'b0',
  };
  assert.deepEqual(eventOf('deadLetter', dead), {
    captureId: 'c1',
    state: 'DEAD_LETTERED',
    occurredAt: 1600,
    detail: 'PREPROCESS_DECODE_FAILED',
    deadLetterStage: 'PREPROCESSING',
    blobUris: ['b0'],
  });
  assert.equal(eventOf('deadLetter', { ...dead, blob_uri: null })?.blobUris, undefined);
  assert.equal(eventOf('deadLetter', { ...dead, capture_id: null }), null);
});
