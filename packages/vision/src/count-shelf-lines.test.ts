import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FIXTURE_TYPES, generateScene } from '@shelfstream/synthetic-shelf';
import sharp from 'sharp';
import { countShelfLines, SHELF_CHECK_OPTIONS } from './count-shelf-lines.js';
import { decodeOriented } from './decode-oriented.js';
import { findShelfLines } from './find-shelf-lines.js';
import type { RawImage } from './raw-image.js';
import { toLuma } from './to-luma.js';

/** Preprocessing's working size (PREPROCESS_MAX_LONG_SIDE_PX default), where the check runs. */
const WORKING_LONG_SIDE_PX = 960;
const W = 1280;
const H = 960;

/** The luma plane preprocessing checks: decoded, upright, long side bounded, grey. */
async function workingLuma(bytes: Buffer): Promise<RawImage> {
  const decoded = await decodeOriented(bytes, {
    maxInputPixels: 50_000_000,
    maxLongSidePx: WORKING_LONG_SIDE_PX,
  });
  return toLuma(decoded.image);
}

const jpeg = (image: sharp.Sharp) => image.jpeg({ quality: 85 }).toBuffer();
const svg = (defs: string, fill: string) =>
  sharp(
    Buffer.from(
      `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><defs>${defs}</defs><rect width="${W}" height="${H}" fill="${fill}"/></svg>`,
    ),
  );

/** Deterministic RGB noise (an integer hash per byte). */
function noise(): sharp.Sharp {
  const data = Buffer.alloc(W * H * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.imul(i + 1, 0x9e3779b1) >>> 24;
  return sharp(data, { raw: { width: W, height: H, channels: 3 } });
}

/** Frames without a shelf: what a capture may be when the camera saw nothing to score. */
async function blankFrames(): Promise<[string, Buffer][]> {
  const plain = (r: number, g: number, b: number) =>
    jpeg(sharp({ create: { width: W, height: H, channels: 3, background: { r, g, b } } }));
  const gradient = (from: number, to: number) =>
    jpeg(
      svg(
        `<linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="rgb(${from},${from},${from})"/><stop offset="1" stop-color="rgb(${to},${to},${to})"/></linearGradient>`,
        'url(#g)',
      ),
    );
  const frames: [string, Promise<Buffer>][] = [
    ['black', plain(0, 0, 0)],
    ['lens cap (near black)', plain(12, 11, 14)],
    ['white', plain(255, 255, 255)],
    ['mid grey', plain(128, 128, 128)],
    ['red', plain(200, 30, 30)],
    ['green', plain(40, 160, 60)],
    ['blue', plain(30, 60, 200)],
    ['beige wall', plain(220, 200, 170)],
    ['dark vertical gradient (lens cap)', gradient(0, 60)],
    ['full vertical gradient', gradient(20, 240)],
    [
      'vignette',
      jpeg(
        svg(
          '<radialGradient id="g"><stop offset="0" stop-color="#404040"/><stop offset="1" stop-color="#000"/></radialGradient>',
          'url(#g)',
        ),
      ),
    ],
    ['random noise', jpeg(noise())],
    ['fine plaster wall', jpeg(noise().blur(3).linear(0.6, 80))],
    ['rough plaster wall (strong contrast)', jpeg(noise().greyscale().blur(2).linear(2.5, -190))],
    ['carpet floor', jpeg(noise().greyscale().blur(1).linear(1.8, -100))],
  ];
  for (const seed of [1, 2, 3]) {
    const scene = await generateScene(seed);
    frames.push([`scene ${seed} blurred flat (sigma 20)`, jpeg(sharp(scene.image).blur(20))]);
  }
  return Promise.all(frames.map(async ([name, bytes]) => [name, await bytes] as [string, Buffer]));
}

describe('countShelfLines', () => {
  it('finds shelf lines in every generated shelf, stocked or empty, of every fixture type, with margin', async () => {
    const weak: string[] = [];
    for (const empty of [false, true]) {
      for (let seed = 0; seed < 40; seed++) {
        const fixture = FIXTURE_TYPES[seed % FIXTURE_TYPES.length];
        const scene = await generateScene(seed, { ...(fixture ? { fixture } : {}), empty });
        const luma = await workingLuma(scene.image);
        const name = `${empty ? 'empty' : 'stocked'} ${scene.fixture} seed ${seed}`;
        assert.ok(countShelfLines(luma) >= 1, `${name}: no shelf line`);
        // Margin: twice the calibrated coverage still finds a line.
        const strict = { ...SHELF_CHECK_OPTIONS, minCoverage: 2 * SHELF_CHECK_OPTIONS.minCoverage };
        if (findShelfLines(luma, strict).length === 0) weak.push(name);
      }
    }
    assert.deepEqual(weak, [], 'shelves found only below twice the coverage threshold');
  });

  it('finds no shelf line in blank frames, with margin', async () => {
    const lenient = { ...SHELF_CHECK_OPTIONS, minCoverage: SHELF_CHECK_OPTIONS.minCoverage / 2 };
    for (const [name, bytes] of await blankFrames()) {
      const luma = await workingLuma(bytes);
      assert.equal(countShelfLines(luma), 0, name);
      // Margin: half the calibrated coverage still finds nothing.
      assert.equal(findShelfLines(luma, lenient).length, 0, `${name} at half the coverage threshold`);
    }
  });

  it('takes the grey RawImage preprocessing holds (a Buffer plane) and a plain Uint8Array plane alike', async () => {
    const luma = await workingLuma((await generateScene(7)).image);
    const copy = { data: new Uint8Array(luma.data), width: luma.width, height: luma.height };
    assert.equal(countShelfLines(copy), countShelfLines(luma));
  });

  it('finds a tilted shelf the level search misses (a rolled camera): the slopes are searched when the level finds none', () => {
    const width = 960;
    const height = 540;
    for (const slope of [0.02, 0.03, -0.03]) {
      // A 6-row bright shelf strip across the frame, rising or falling 19-29 rows over its width, on flat grey; its
      // top and bottom rows blend with the background by the sub-row position, as a photo's edges do.
      const data = new Uint8Array(width * height).fill(110);
      for (let x = 0; x < width; x++) {
        const top = 270 + slope * (x - width / 2);
        for (let y = Math.floor(top) - 1; y < top + 8; y++) {
          const cover = Math.max(0, Math.min(1, y + 1 - top, top + 6 - y));
          data[y * width + x] = Math.round(110 + 90 * cover);
        }
      }
      const plane = { data, width, height };
      const level = findShelfLines(plane, { ...SHELF_CHECK_OPTIONS, slopes: [0] }).length;
      assert.equal(level, 0, `slope ${slope}: the level search misses it (the case this test is about)`);
      assert.ok(countShelfLines(plane) >= 1, `slope ${slope}: found along its slope`);
    }
  });
});
