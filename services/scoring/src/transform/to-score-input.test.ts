import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DetectionsProduced } from '@shelfstream/contracts';
import { scoreCapture } from '@shelfstream/planogram';
import { detectionsRecord, twoShelfPlanogram } from '../../test/unit-fixtures.js';
import { toScoreInput } from './to-score-input.js';

const planogram = twoShelfPlanogram;
const record = (overrides: Partial<DetectionsProduced>): DetectionsProduced =>
  detectionsRecord({
    tier: 'HEURISTIC',
    model_id: 'heuristic',
    model_version: 'edge-projection-1',
    ...overrides,
  });

test('heuristic facings are counted without identity: a partial score with no SKU findings', () => {
  const input = toScoreInput(
    record({
      shelf_facings: [
        { shelf_index: 0, y_top: 0, y_bottom: 190, facings: 2, facing_edges: [0, 100, 200] },
        { shelf_index: 1, y_top: 200, y_bottom: 390, facings: 1, facing_edges: [0, 100] },
      ],
    }),
  );
  assert.equal(input.identity, 'none');
  assert.equal(input.detections.length, 3);
  const result = scoreCapture({ ...input, planogram });
  assert.equal(result.partial, true);
  assert.deepEqual(result.skus, []);
});

test('a heuristic record with no facing at all (an empty shelf) is scored by SKU: 0, every SKU out of stock', () => {
  const input = toScoreInput(
    record({ shelf_facings: [{ shelf_index: 0, y_top: 0, y_bottom: 190, facings: 0, facing_edges: [] }] }),
  );
  assert.equal(input.identity, 'sku');
  const result = scoreCapture({ ...input, planogram });
  assert.equal(result.score, 0);
  assert.equal(result.partial, false);
  assert.deepEqual(
    result.skus.map((s) => [s.sku, s.outOfStock]),
    [
      ['A', true],
      ['B', true],
      ['C', true],
    ],
  );
});

test('model tiers keep SKU identity', () => {
  assert.equal(toScoreInput(record({ tier: 'EDGE', model_id: 'm' })).identity, 'sku');
});
