import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureHistory } from '@shelfstream/db';
import { formatHistory } from './capture.js';

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
