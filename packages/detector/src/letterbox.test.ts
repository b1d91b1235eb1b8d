import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { letterbox, toInputBox, toSourceBox } from './letterbox.js';

describe('letterbox', () => {
  it('fits 1280x960 into 416 with 52 px of padding top and bottom', () => {
    const g = letterbox(1280, 960, 416);
    assert.equal(g.scale, 0.325);
    assert.deepEqual([g.resizedWidth, g.resizedHeight, g.padLeft, g.padTop], [416, 312, 0, 52]);
  });

  it('fits 1920x1080 into 416 and centres it vertically', () => {
    const g = letterbox(1920, 1080, 416);
    assert.deepEqual([g.resizedWidth, g.resizedHeight, g.padLeft, g.padTop], [416, 234, 0, 91]);
  });

  it('pads a portrait image left and right', () => {
    const g = letterbox(300, 600, 416);
    assert.deepEqual([g.resizedWidth, g.resizedHeight, g.padLeft, g.padTop], [208, 416, 104, 0]);
  });

  it('maps a box into the input and back to the original pixels exactly', () => {
    const g = letterbox(1920, 1080, 416);
    const box = { x1: 480, y1: 270, x2: 960, y2: 540 };
    const input = toInputBox(box, g);
    assert.deepEqual(input, { x1: 104, y1: 149.5, x2: 208, y2: 208 });
    assert.deepEqual(toSourceBox(input, g), box);
  });

  it('clips boxes that reach into the padding to the image', () => {
    const g = letterbox(1280, 960, 416);
    const back = toSourceBox({ x1: -5, y1: 10, x2: 420, y2: 400 }, g);
    assert.deepEqual(back, { x1: 0, y1: 0, x2: 1280, y2: 960 });
  });
});

describe('toSourceBox', () => {
  it('inverts toInputBox for every integer box of a 1280x960 scene on a 416 input', () => {
    const g = letterbox(1280, 960, 416);
    for (let x = 0; x <= 1280; x += 40) {
      const box = { x1: x, y1: x % 960, x2: Math.min(1280, x + 33), y2: Math.min(960, (x % 960) + 57) };
      const back = toSourceBox(toInputBox(box, g), g);
      for (const k of ['x1', 'y1', 'x2', 'y2'] as const) assert.ok(Math.abs(back[k] - box[k]) < 1e-9);
    }
  });
});
