import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeYoloOutput } from './decode-yolo-output.js';

/** Builds a [1, 4 + C, A] tensor from per-anchor rows [cx, cy, w, h, s0, s1, ...]. */
function tensor(anchors: number[][]): { data: Float32Array; dims: number[] } {
  const rows = anchors[0]?.length ?? 0;
  const data = new Float32Array(rows * anchors.length);
  anchors.forEach((a, i) => {
    a.forEach((v, r) => {
      data[r * anchors.length + i] = v;
    });
  });
  return { data, dims: [1, rows, anchors.length] };
}

describe('decodeYoloOutput', () => {
  it('turns cx,cy,w,h rows into corner boxes with the best class and its score', () => {
    const { data, dims } = tensor([
      [50, 40, 20, 10, 0.1, 0.9],
      [10, 10, 4, 4, 0.05, 0.02],
      [100, 200, 30, 60, 0.7, 0.3],
    ]);
    const [dets] = decodeYoloOutput(data, dims, { scoreThreshold: 0.25 });
    assert.ok(dets);
    assert.equal(dets.length, 2);
    assert.deepEqual(dets[0], { x1: 40, y1: 35, x2: 60, y2: 45, classIndex: 1, score: data[5 * 3] });
    assert.equal(dets[1]?.classIndex, 0);
    assert.ok(Math.abs((dets[1]?.score ?? 0) - 0.7) < 1e-6);
    assert.deepEqual([dets[1]?.x1, dets[1]?.y1, dets[1]?.x2, dets[1]?.y2], [85, 170, 115, 230]);
  });

  it('splits a batch into one list per image', () => {
    // N=2, one class, two anchors: rows cx, cy, w, h, score.
    const data = Float32Array.from([
      ...[10, 20, 30, 40, 2, 2, 2, 2, 0.9, 0.1], // image 0
      ...[50, 60, 70, 80, 4, 4, 4, 4, 0.2, 0.8], // image 1
    ]);
    const out = decodeYoloOutput(data, [2, 5, 2], { scoreThreshold: 0.5 });
    assert.equal(out.length, 2);
    assert.deepEqual(out[0], [{ x1: 9, y1: 29, x2: 11, y2: 31, classIndex: 0, score: data[8] }]);
    assert.deepEqual(out[1], [{ x1: 58, y1: 78, x2: 62, y2: 82, classIndex: 0, score: data[19] }]);
  });

  it('rejects dims that are not [N, 4 + classes, anchors] with DETECTOR_OUTPUT_SHAPE_INVALID', () => {
    const isShape = (err: { code?: string }) => err.code === 'DETECTOR_OUTPUT_SHAPE_INVALID';
    assert.throws(() => decodeYoloOutput(new Float32Array(8), [1, 4, 2]), isShape);
    assert.throws(() => decodeYoloOutput(new Float32Array(9), [1, 5, 2]), isShape);
    assert.throws(() => decodeYoloOutput(new Float32Array(10), [5, 2]), isShape);
  });
});
