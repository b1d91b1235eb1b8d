import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { letterbox, toSourceBox } from './letterbox.js';
import { toImageDetections } from './to-image-detections.js';

const options = { scoreThreshold: 0.25, iouThreshold: 0.6, maxDetections: 300 };

describe('toImageDetections', () => {
  it("maps each image's boxes back through its own letterbox geometry, after class-aware NMS", () => {
    // N=2, one class, two anchors per image; each row holds one value per anchor: cx, cy, w, h, score.
    const data = Float32Array.from([
      ...[208, 208, 210, 208, 40, 40, 40, 40, 0.9, 0.8], // image 0: two overlapping boxes, NMS keeps one
      ...[208, 208, 0, 0, 52, 52, 0, 0, 0.5, 0.1], // image 1: one box above the threshold
    ]);
    const geometries = [letterbox(1280, 960, 416), letterbox(832, 416, 416)];
    const [first, second] = toImageDetections(data, [2, 5, 2], geometries, options);
    assert.deepEqual(first, [
      toSourceBox(
        { x1: 188, y1: 190, x2: 228, y2: 230, classIndex: 0, score: data[8] as number },
        geometries[0]!,
      ),
    ]);
    assert.deepEqual(second, [
      toSourceBox(
        { x1: 182, y1: 0, x2: 234, y2: 0, classIndex: 0, score: data[18] as number },
        geometries[1]!,
      ),
    ]);
    assert.deepEqual([first?.[0]?.x1, first?.[0]?.y1], [(188 * 1280) / 416, ((190 - 52) * 960) / 312]);
  });

  it('throws when the output holds more images than there are geometries', () => {
    const data = new Float32Array(2 * 5 * 1);
    assert.throws(
      () => toImageDetections(data, [2, 5, 1], [letterbox(10, 10, 10)], { ...options, scoreThreshold: 0 }),
      RangeError,
    );
  });
});
