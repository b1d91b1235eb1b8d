import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyCaptureEvent, type CaptureSnapshot, type CaptureState } from '@shelfstream/db';
import { captureToScoreSeconds } from './capture-to-score-latency.js';

test('capture-to-score latency is recorded once, when ingestion and score times are both known', () => {
  const arrivals: [CaptureState, number][] = [
    ['SCORED', 1300],
    ['PREPROCESSED', 1100],
    ['INGESTED', 1000],
    ['INGESTED', 1000],
  ];
  const steps: CaptureSnapshot[] = [];
  let s: CaptureSnapshot | null = null;
  for (const [state, occurredAt] of arrivals) {
    s = applyCaptureEvent(s, { captureId: 'c1', state, occurredAt, detail: null }).next;
    steps.push(s);
  }
  assert.equal(captureToScoreSeconds(null, steps[0] as CaptureSnapshot), null);
  assert.equal(captureToScoreSeconds(steps[0] as CaptureSnapshot, steps[1] as CaptureSnapshot), null);
  assert.equal(captureToScoreSeconds(steps[1] as CaptureSnapshot, steps[2] as CaptureSnapshot), 0.3);
  assert.equal(captureToScoreSeconds(steps[2] as CaptureSnapshot, steps[3] as CaptureSnapshot), null);
});
