import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateMap50 } from './evaluate-map50.js';
import type { Detection, TruthBox } from './types.js';

const truths: TruthBox[][] = [
  [
    { x1: 0, y1: 0, x2: 10, y2: 20, classIndex: 0 },
    { x1: 20, y1: 0, x2: 30, y2: 20, classIndex: 1 },
  ],
  [{ x1: 5, y1: 5, x2: 25, y2: 25, classIndex: 0 }],
];
const perfect: Detection[][] = truths.map((t) => t.map((b) => ({ ...b, score: 0.9 })));

describe('evaluateMap50', () => {
  it('scores perfect predictions 1 with full recall', () => {
    const r = evaluateMap50(perfect, truths);
    assert.equal(r.map50, 1);
    assert.deepEqual(
      r.perClass.map((c) => [c.classIndex, c.recall, c.groundTruths]),
      [
        [0, 1, 2],
        [1, 1, 1],
      ],
    );
  });

  it('drops when boxes are shifted below IoU 0.5', () => {
    // Shifting a 10-wide box by 6 px leaves IoU 4/16 = 0.25 for class 1.
    const shifted = perfect.map((img) =>
      img.map((d) => (d.classIndex === 1 ? { ...d, x1: d.x1 + 6, x2: d.x2 + 6 } : d)),
    );
    const r = evaluateMap50(shifted, truths);
    assert.equal(r.map50, 0.5);
    assert.equal(r.perClass.find((c) => c.classIndex === 1)?.recall, 0);
  });

  it('counts a duplicate as a false positive and ranks by score', () => {
    // Class 0: a confident false positive ranked above the two true positives -> AP = 2/3 at recall 1.
    const preds: Detection[][] = [
      [...(perfect[0] ?? []), { x1: 100, y1: 100, x2: 110, y2: 110, classIndex: 0, score: 0.95 }],
      perfect[1] ?? [],
    ];
    const r = evaluateMap50(preds, truths);
    const c0 = r.perClass.find((c) => c.classIndex === 0);
    assert.ok(c0 && Math.abs(c0.ap50 - 2 / 3) < 1e-9);
    assert.ok(Math.abs(r.map50 - (2 / 3 + 1) / 2) < 1e-9);
  });

  it('rejects prediction and truth lists of different lengths', () => {
    assert.throws(() => evaluateMap50([[]], []), RangeError);
  });
});
