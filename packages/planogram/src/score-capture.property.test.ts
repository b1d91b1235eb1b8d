import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  type LayoutFacing,
  perfectLayout,
  planogramOf,
  renderLayout,
  SHELF_PITCH,
  seededRandom,
} from '../test/support/render-layout.js';
import type { Detection, IdentityMode } from './detection.js';
import type { Planogram } from './planogram.js';
import { scoreCapture } from './score-capture.js';

const RUNS = { numRuns: 150 };
const POOL = ['P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7'];

const planogramArb: fc.Arbitrary<Planogram> = fc
  .array(
    fc.array(fc.tuple(fc.constantFrom(...POOL), fc.integer({ min: 1, max: 4 })), {
      minLength: 1,
      maxLength: 4,
    }),
    {
      minLength: 1,
      maxLength: 4,
    },
  )
  .map(planogramOf);

/** Mostly confident detections (weight 1), often weaker ones, sometimes exactly 0 or 1. */
const scoreArb = fc.oneof(
  fc.double({ min: 0.5, max: 1, noNaN: true }),
  fc.double({ min: 0, max: 1, noNaN: true }),
  fc.constantFrom(0, 1),
);

/** One random change to a layout; indices are taken modulo the layout length. */
type Edit =
  | { op: 'remove'; at: number }
  | { op: 'swap'; at: number; with: number }
  | { op: 'move'; at: number; shelf: number; position: number }
  | { op: 'relabel'; at: number; sku: string | null }
  | { op: 'add'; shelf: number; position: number; sku: string | null; score: number }
  | { op: 'rescore'; at: number; score: number };

const skuArb = fc.constantFrom<string | null>(...POOL, 'UNKNOWN-1', 'UNKNOWN-2', null);
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ op: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({
    op: fc.constant('move' as const),
    at: fc.nat(),
    shelf: fc.nat(),
    position: fc.double({ min: -1, max: 16, noNaN: true }),
  }),
  fc.record({ op: fc.constant('relabel' as const), at: fc.nat(), sku: skuArb }),
  fc.record({
    op: fc.constant('add' as const),
    shelf: fc.nat(),
    position: fc.double({ min: -1, max: 16, noNaN: true }),
    sku: skuArb,
    score: scoreArb,
  }),
  fc.record({ op: fc.constant('rescore' as const), at: fc.nat(), score: scoreArb }),
);

function applyEdits(layout: LayoutFacing[], edits: readonly Edit[], shelfCount: number): LayoutFacing[] {
  const out = [...layout];
  for (const e of edits) {
    if (e.op === 'add') {
      out.push({ shelf: e.shelf % shelfCount, position: e.position, sku: e.sku, score: e.score });
      continue;
    }
    if (out.length === 0) continue;
    const i = e.at % out.length;
    const f = out[i]!;
    if (e.op === 'remove') out.splice(i, 1);
    else if (e.op === 'move') out[i] = { ...f, shelf: e.shelf % shelfCount, position: e.position };
    else if (e.op === 'relabel') out[i] = { ...f, sku: e.sku };
    else if (e.op === 'rescore') out[i] = { ...f, score: e.score };
    else {
      const j = e.with % out.length;
      const g = out[j]!;
      out[i] = { ...f, sku: g.sku };
      out[j] = { ...g, sku: f.sku };
    }
  }
  return out;
}

/** A planogram, its perfect layout with random scores, a list of edits, and a geometry seed. */
const captureArb = planogramArb.chain((planogram) => {
  const slots = perfectLayout(planogram).length;
  return fc.record({
    planogram: fc.constant(planogram),
    scores: fc.array(scoreArb, { minLength: slots, maxLength: slots }),
    edits: fc.array(editArb, { maxLength: 8 }),
    seed: fc.nat(),
    identity: fc.constantFrom<IdentityMode>('sku', 'none'),
  });
});

type Capture = {
  planogram: Planogram;
  scores: number[];
  edits: Edit[];
  seed: number;
  identity: IdentityMode;
};

function detectionsOf(c: Capture): Detection[] {
  const layout = perfectLayout(c.planogram).map((f, i) => ({ ...f, score: c.scores[i]! }));
  return renderLayout(applyEdits(layout, c.edits, c.planogram.shelves.length), c.seed);
}

function run(c: Capture, detections: readonly Detection[]) {
  return scoreCapture({
    planogram: c.planogram,
    detections,
    identity: c.identity,
    imageHeight: c.planogram.shelves.length * SHELF_PITCH,
  });
}

test('property: every score and shelf compliance lies in [0, 100]', () => {
  fc.assert(
    fc.property(captureArb, (c) => {
      const r = run(c, detectionsOf(c));
      assert.ok(r.score >= 0 && r.score <= 100, `score ${r.score}`);
      for (const s of r.shelves) assert.ok(s.compliance >= 0 && s.compliance <= 100, `shelf ${s.compliance}`);
    }),
    RUNS,
  );
});

test('property: a layout exactly as planned scores 100 with either identity mode', () => {
  fc.assert(
    fc.property(
      planogramArb,
      fc.double({ min: 0.5, max: 1, noNaN: true }),
      fc.nat(),
      (planogram, score, seed) => {
        const detections = renderLayout(perfectLayout(planogram, score), seed);
        for (const identity of ['sku', 'none'] as const) {
          const r = scoreCapture({
            planogram,
            detections,
            identity,
            imageHeight: planogram.shelves.length * SHELF_PITCH,
          });
          assert.equal(r.score, 100);
          assert.ok(r.shelves.every((s) => s.compliance === 100));
          assert.ok(r.skus.every((s) => !s.outOfStock && !s.misplaced && !s.unexpected));
        }
      },
    ),
    RUNS,
  );
});

test('property: removing detected facings never raises the score', () => {
  fc.assert(
    fc.property(captureArb, fc.array(fc.boolean(), { maxLength: 80 }), (c, drop) => {
      const detections = detectionsOf(c);
      const kept = detections.filter((_, i) => !drop[i]);
      assert.ok(run(c, kept).score <= run(c, detections).score);
    }),
    RUNS,
  );
});

test('property: shuffling the order of detections never changes the result', () => {
  fc.assert(
    fc.property(captureArb, fc.nat(), (c, shuffleSeed) => {
      const detections = detectionsOf(c);
      const random = seededRandom(shuffleSeed);
      const shuffled = [...detections];
      for (let i = shuffled.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
      }
      assert.deepEqual(run(c, shuffled), run(c, detections));
      const noHeight = (d: readonly Detection[]) =>
        scoreCapture({ planogram: c.planogram, detections: d, identity: c.identity });
      assert.deepEqual(noHeight(shuffled), noHeight(detections));
    }),
    RUNS,
  );
});

test('property: raising one detection confidence never lowers the score', () => {
  fc.assert(
    fc.property(captureArb, fc.nat(), scoreArb, (c, at, raise) => {
      const detections = detectionsOf(c);
      if (detections.length === 0) return;
      const i = at % detections.length;
      const before = detections[i]!;
      const raised = detections.map((d, j) =>
        j === i ? { ...d, score: Math.min(1, before.score + raise) } : d,
      );
      assert.ok(run(c, raised).score >= run(c, detections).score);
    }),
    RUNS,
  );
});
