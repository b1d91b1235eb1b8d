import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateScene } from './generate-scene.js';
import { parseYoloLabels, toYoloLabels } from './yolo-labels.js';

describe('toYoloLabels', () => {
  it('writes class cx cy w h normalised to the image size', () => {
    const text = toYoloLabels(
      [{ x1: 100, y1: 50, x2: 300, y2: 250, sku: 'X', classIndex: 3, shelf: 0 }],
      400,
      500,
    );
    assert.equal(text, '3 0.500000 0.300000 0.500000 0.400000');
  });

  it('round-trips every box of a generated scene within rounding', async () => {
    const s = await generateScene(31, { width: 1280, height: 960 });
    const labels = parseYoloLabels(toYoloLabels(s.boxes, s.width, s.height));
    assert.equal(labels.length, s.boxes.length);
    labels.forEach((l, i) => {
      const b = s.boxes[i];
      assert.ok(b);
      assert.equal(l.classIndex, b.classIndex);
      assert.ok(Math.abs((l.cx - l.w / 2) * s.width - b.x1) < 0.01);
      assert.ok(Math.abs((l.cy + l.h / 2) * s.height - b.y2) < 0.01);
      assert.ok(l.cx > 0 && l.cx < 1 && l.cy > 0 && l.cy < 1);
    });
  });

  it('rejects a malformed label line', () => {
    assert.throws(() => parseYoloLabels('1 0.5 0.5 x 0.2'), SyntaxError);
  });
});
