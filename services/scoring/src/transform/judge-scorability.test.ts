import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DetectionsProduced } from '@shelfstream/contracts';
import type { Planogram } from '@shelfstream/planogram';
import { detectionsRecord } from '../../test/unit-fixtures.js';
import { judgeScorability } from './judge-scorability.js';

const planogram = (facingsPerShelf: readonly number[]): Planogram => ({
  store_id: 's1',
  aisle: 'A1',
  version: 1,
  fixture: 'GONDOLA',
  shelves: facingsPerShelf.map((n, i) => ({ facings: [{ sku: `SKU-${i}`, facings: n }] })),
});
const twelveFacings = planogram([4, 4, 4]);

const box = (x: number) => ({
  x1: x,
  y1: 10,
  x2: x + 40,
  y2: 120,
  sku: 'SKU-0',
  class_index: 0,
  score: 0.9,
  shelf_index: null,
});

const record = (overrides: Partial<DetectionsProduced>): DetectionsProduced =>
  detectionsRecord({ image_width: 1280, image_height: 960, shelf_lines_found: 0, ...overrides });

test('no shelf line and no detection: SCORING_NO_SHELF_FOUND', () => {
  assert.deepEqual(judgeScorability(record({}), twelveFacings, 3), {
    kind: 'unscorable',
    code: 'SCORING_NO_SHELF_FOUND',
    detectionsFound: 0,
    minDetections: 3,
  });
});

test('an empty shelf (shelf lines, no product) is scorable: it is a real 0', () => {
  assert.deepEqual(judgeScorability(record({ shelf_lines_found: 3 }), twelveFacings, 3), {
    kind: 'scorable',
  });
});

test('no shelf line and fewer detections than the minimum: SCORING_TOO_FEW_DETECTIONS', () => {
  const result = judgeScorability(record({ detections: [box(0), box(50)] }), twelveFacings, 3);
  assert.equal(result.kind, 'unscorable');
  assert.equal(result.kind === 'unscorable' && result.code, 'SCORING_TOO_FEW_DETECTIONS');
  assert.equal(result.kind === 'unscorable' && result.detectionsFound, 2);
});

test('no shelf line but enough detections (a close-up of products): scorable', () => {
  const result = judgeScorability(record({ detections: [box(0), box(50), box(100)] }), twelveFacings, 3);
  assert.deepEqual(result, { kind: 'scorable' });
});

test('a planogram planning fewer facings than the minimum lowers it', () => {
  const twoFacings = planogram([2]);
  assert.deepEqual(judgeScorability(record({ detections: [box(0), box(50)] }), twoFacings, 3), {
    kind: 'scorable',
  });
  const result = judgeScorability(record({ detections: [box(0)] }), twoFacings, 3);
  assert.equal(result.kind === 'unscorable' && result.minDetections, 2);
});

test('heuristic facings counted without boxes count as detections', () => {
  const heuristic = record({
    tier: 'HEURISTIC',
    shelf_facings: [{ shelf_index: 0, y_top: 0, y_bottom: 100, facings: 4, facing_edges: [] }],
  });
  assert.deepEqual(judgeScorability(heuristic, twelveFacings, 3), { kind: 'scorable' });
});

test('a record without the measurement (an older producer) is scored as before', () => {
  assert.deepEqual(judgeScorability(record({ shelf_lines_found: null }), twelveFacings, 3), {
    kind: 'scorable',
  });
});
