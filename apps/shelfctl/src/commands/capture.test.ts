import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureHistory } from '@shelfstream/db';
import { formatHistory, type SupersededScore } from './capture.js';

const source = { topic: 'shelf.captures.unscorable.v1', partition: 0, offset: '4' };

test('an UNSCORABLE capture shows the reason of the event that ended it', () => {
  const history: CaptureHistory = {
    capture: {
      captureId: 'c-blank',
      state: 'UNSCORABLE',
      tier: 'HEURISTIC',
      deadLetterReason: null,
      deadLetterStage: null,
      storeId: 's1',
      aisle: 'A01',
      deviceId: 'cam-1',
      capturedAt: 0,
      blobUris: [],
      timestamps: {
        ingestedAt: 1,
        preprocessedAt: 2,
        inferredAt: 3,
        driftedAt: null,
        deadLetteredAt: null,
        unscorableAt: 4,
        scoredAt: null,
        archivedAt: null,
      },
    },
    events: [
      { state: 'INFERRED', detail: 'HEURISTIC', occurredAt: 3, source, applied: true },
      { state: 'UNSCORABLE', detail: 'SCORING_NO_SHELF_FOUND', occurredAt: 4, source, applied: true },
    ],
  };
  assert.match(formatHistory(history), /^state {5}UNSCORABLE\(SCORING_NO_SHELF_FOUND\)$/m);
});

test('a re-scored capture lists the score it superseded; one never re-scored has no such section', () => {
  const scored: CaptureHistory = {
    capture: {
      captureId: 'c-rescored',
      state: 'SCORED',
      tier: 'REMOTE',
      deadLetterReason: null,
      deadLetterStage: null,
      storeId: 's1',
      aisle: 'A01',
      deviceId: 'cam-1',
      capturedAt: 0,
      blobUris: [],
      timestamps: {
        ingestedAt: 1,
        preprocessedAt: 2,
        inferredAt: 3,
        driftedAt: null,
        deadLetteredAt: null,
        unscorableAt: null,
        scoredAt: 4,
        archivedAt: null,
      },
    },
    events: [{ state: 'SCORED', detail: 'score 71.0', occurredAt: 4, source, applied: true }],
  };
  const superseded: SupersededScore = {
    tier: 'EDGE',
    modelId: 'shelf-yolo-gondola',
    modelVersion: 'edge-1',
    score: 71,
    partial: false,
    scoredAt: Date.UTC(2025, 0, 1, 8, 0, 0),
    supersededByTier: 'REMOTE',
    supersededAt: Date.UTC(2025, 0, 1, 8, 5, 0),
  };
  const text = formatHistory(scored, [
    superseded,
    { ...superseded, tier: 'HEURISTIC', score: 40.25, partial: true },
  ]);
  assert.match(text, /^superseded scores /m);
  assert.match(
    text,
    /^ {2}EDGE 71\.0 {2}shelf-yolo-gondola@edge-1 {2}scored 2025-01-01T08:00:00\.000Z {2}superseded by REMOTE at 2025-01-01T08:05:00\.000Z$/m,
  );
  assert.match(text, /^ {2}HEURISTIC 40\.3 \(partial\) /m);
  assert.doesNotMatch(formatHistory(scored), /superseded/);
  assert.equal(formatHistory(scored, []), formatHistory(scored));
});
