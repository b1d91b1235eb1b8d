import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DetectionsProduced } from '@shelfstream/contracts';
import { scoreCapture } from '@shelfstream/planogram';
import { detectionsRecord, twoShelfPlanogram } from '../../test/unit-fixtures.js';
import { toComplianceScored, UNKNOWN_BRAND } from './to-compliance-scored.js';
import { toScoreInput } from './to-score-input.js';

const planogram = twoShelfPlanogram;

const box = (x: number, y: number, sku: string | null, score = 0.9) => ({
  x1: x,
  y1: y,
  x2: x + 50,
  y2: y + 150,
  sku,
  class_index: 0,
  score,
  shelf_index: null,
});

const record = (overrides: Partial<DetectionsProduced> = {}): DetectionsProduced =>
  detectionsRecord({
    detections: [box(10, 20, 'A'), box(70, 20, 'A'), box(10, 220, 'B'), box(70, 220, 'X')],
    quality: 'DEGRADED',
    ...overrides,
  });

test('maps a model-tier result onto ComplianceScored with snake_case fields, planned shelves and brands', () => {
  const input = toScoreInput(record());
  assert.equal(input.identity, 'sku');
  assert.equal(input.imageHeight, 400);
  const scored = toComplianceScored(scoreCapture({ ...input, planogram }), {
    record: record(),
    planogram,
    planogramId: 's1|A1|2',
    scoredAt: 3000,
  });
  assert.equal(scored.score, 75);
  assert.equal(scored.partial, false);
  assert.equal(scored.quality, 'DEGRADED', 'quality flag carried');
  assert.deepEqual(scored.shelves, [
    { shelf_index: 0, compliance_pct: 100, facings_found: 2, facings_expected: 2, facings_not_seen: 0 },
    { shelf_index: 1, compliance_pct: 50, facings_found: 1, facings_expected: 2, facings_not_seen: 0 },
  ]);
  assert.equal(scored.coverage, 1, 'the whole section in view: C is out of stock, not out of frame');
  const c = scored.skus.find((s) => s.sku === 'C');
  assert.deepEqual(c, {
    sku: 'C',
    brand: null,
    shelf_index: 1,
    facings_found: 0,
    facings_expected: 1,
    out_of_stock: true,
    not_seen: false,
    misplaced: false,
    unexpected: false,
  });
  assert.equal(scored.skus.find((s) => s.sku === 'X')?.unexpected, true);
  assert.equal(scored.skus.find((s) => s.sku === 'X')?.shelf_index, null);
  assert.equal(scored.out_of_stock_count, 1);
  assert.equal(scored.unexpected_count, 1);
  assert.deepEqual(scored.share_of_shelf, { Acme: 50, Bolt: 25, [UNKNOWN_BRAND]: 25 });
  assert.equal(scored.scored_at, 3000);
});

test('heuristic detections give a partial score without SKU findings', () => {
  const heuristic = record({
    tier: 'HEURISTIC',
    detections: [box(10, 20, 'A'), box(70, 20, null), box(10, 220, null)].map((d) => ({ ...d, score: 1 })),
  });
  const input = toScoreInput(heuristic);
  assert.equal(input.identity, 'none');
  assert.ok(
    input.detections.every((d) => d.sku === null),
    'a heuristic SKU is ignored',
  );
  const scored = toComplianceScored(scoreCapture({ ...input, planogram }), {
    record: heuristic,
    planogram,
    planogramId: 'p',
    scoredAt: 0,
  });
  assert.equal(scored.partial, true);
  assert.equal(scored.score, 75);
  assert.deepEqual(scored.skus, []);
});

test('heuristic shelf facing counts without boxes become one box per counted facing', () => {
  const heuristic = record({
    tier: 'HEURISTIC',
    detections: [],
    shelf_facings: [
      { shelf_index: 0, y_top: 20, y_bottom: 180, facings: 2, facing_edges: [0, 60, 120] },
      { shelf_index: 1, y_top: 220, y_bottom: 380, facings: 1, facing_edges: [] },
    ],
  });
  const input = toScoreInput(heuristic);
  assert.equal(input.detections.length, 3);
  assert.deepEqual(input.detections[1], { x1: 60, y1: 20, x2: 120, y2: 180, sku: null, score: 1 });
  assert.deepEqual(input.detections[2], { x1: 0, y1: 220, x2: 400, y2: 380, sku: null, score: 1 });
  assert.equal(scoreCapture({ ...input, planogram }).score, 75);
});

test('a photo that cuts off the end of a shelf scores the part in view: the SKU beyond the frame is not seen', () => {
  // Shelf 1 plans B then C; the photo ends right after B (its box touches the right frame edge).
  const cropped = record({
    detections: [box(10, 20, 'A'), box(70, 20, 'A'), box(70, 220, 'B')],
    image_width: 120,
  });
  const scored = toComplianceScored(scoreCapture({ ...toScoreInput(cropped), planogram }), {
    record: cropped,
    planogram,
    planogramId: 's1|A1|2',
    scoredAt: 3000,
  });
  assert.equal(scored.score, 100, 'every facing in view is in place');
  assert.equal(scored.partial, true);
  assert.equal(scored.coverage, 0.75);
  assert.equal(scored.shelves[1]?.facings_not_seen, 1);
  const c = scored.skus.find((s) => s.sku === 'C');
  assert.equal(c?.not_seen, true);
  assert.equal(c?.out_of_stock, false, 'not seen is never out of stock');
  assert.equal(scored.out_of_stock_count, 0);
});
