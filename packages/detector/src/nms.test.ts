import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nms } from './nms.js';
import type { Detection } from './types.js';

const det = (x1: number, y1: number, x2: number, y2: number, score: number, classIndex = 0): Detection => ({
  x1,
  y1,
  x2,
  y2,
  score,
  classIndex,
});

describe('nms', () => {
  it('drops a lower-scored box of the same class above the IoU threshold', () => {
    // IoU of [0,0,10,10] and [1,0,11,10] = 90 / 110 = 0.818.
    const kept = nms([det(1, 0, 11, 10, 0.8), det(0, 0, 10, 10, 0.9)], { iouThreshold: 0.6 });
    assert.deepEqual(kept, [det(0, 0, 10, 10, 0.9)]);
  });

  it('keeps both boxes when their IoU is at or below the threshold', () => {
    // IoU of [0,0,10,10] and [5,0,15,10] = 50 / 150 = 0.333.
    const kept = nms([det(0, 0, 10, 10, 0.9), det(5, 0, 15, 10, 0.8)], { iouThreshold: 0.3333334 });
    assert.equal(kept.length, 2);
    assert.equal(nms([det(0, 0, 10, 10, 0.9), det(5, 0, 15, 10, 0.8)], { iouThreshold: 0.3 }).length, 1);
  });

  it('never suppresses across classes', () => {
    const kept = nms([det(0, 0, 10, 10, 0.9, 0), det(0, 0, 10, 10, 0.8, 1)], { iouThreshold: 0.5 });
    assert.deepEqual(
      kept.map((d) => d.classIndex),
      [0, 1],
    );
  });

  it('returns detections by descending score and honours maxDetections', () => {
    const kept = nms([det(0, 0, 1, 1, 0.2), det(10, 10, 11, 11, 0.7), det(20, 20, 21, 21, 0.5)], {
      maxDetections: 2,
    });
    assert.deepEqual(
      kept.map((d) => d.score),
      [0.7, 0.5],
    );
  });
});
