import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '@shelfstream/config';
import { generateScene } from '@shelfstream/synthetic-shelf';
import sharp from 'sharp';
import { preprocessingConfig } from './config.js';
import { prepareImage } from './transform/prepare-image.js';

const config = loadConfig(preprocessingConfig, {});
const size = { width: 1920, height: 1080 };

/** The device simulator's degraded captures: blur sigma 8, or brightness x0.18. */
const soft = (jpeg: Buffer) => sharp(jpeg).blur(8).jpeg({ quality: 85 }).toBuffer();
const dark = (jpeg: Buffer) => sharp(jpeg).modulate({ brightness: 0.18 }).jpeg({ quality: 85 }).toBuffer();

test('shelf photos keep their shelf lines through preprocessing: stocked, empty, soft and dark', async () => {
  const missed: string[] = [];
  for (let seed = 700; seed < 712; seed++) {
    const scene = await generateScene(seed, size);
    const empty = await generateScene(seed, { ...size, empty: true });
    for (const [name, jpeg] of [
      ['stocked', scene.image],
      ['empty', empty.image],
      ['soft', await soft(scene.image)],
      ['dark', await dark(scene.image)],
    ] as const) {
      const prepared = await prepareImage(jpeg, config);
      if (prepared.shelfLinesFound === 0) missed.push(`${name} ${seed} ${scene.fixture}`);
    }
  }
  // The decoded luma (before CLAHE) misses about a third of the dark photos: the check runs on the equalized one.
  assert.deepEqual(missed, [], 'photos whose shelf lines were not found');
});

test('photos with no shelf find no shelf line: plain colour, lens cap, blurred flat, ceiling, wall', async () => {
  const scene = await generateScene(701, size);
  const noise = (mean: number, sigma: number) =>
    sharp({ create: { ...size, channels: 3, background: '#000', noise: { type: 'gaussian', mean, sigma } } });
  const frames = {
    'plain colour': sharp({ create: { ...size, channels: 3, background: { r: 40, g: 120, b: 200 } } }),
    black: sharp({ create: { ...size, channels: 3, background: '#000' } }),
    'lens cap': noise(10, 4),
    'blurred flat': sharp(scene.image).blur(58),
    ceiling: sharp(
      Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}"><defs>` +
          '<radialGradient id="g" cx="0.5" cy="0.35" r="0.8"><stop offset="0" stop-color="#fbfaf2"/>' +
          '<stop offset="1" stop-color="#6d6a62"/></radialGradient></defs><rect width="100%" height="100%" fill="url(#g)"/></svg>',
      ),
    ),
    wall: noise(150, 18),
  };
  for (const [name, image] of Object.entries(frames)) {
    const prepared = await prepareImage(await image.removeAlpha().jpeg({ quality: 85 }).toBuffer(), config);
    assert.equal(prepared.shelfLinesFound, 0, name);
  }
});
