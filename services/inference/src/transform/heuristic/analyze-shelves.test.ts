import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findShelfLines } from '@shelfstream/vision';
import sharp from 'sharp';
import { analyzeShelves } from './analyze-shelves.js';
import { toGrey } from './grey-image.js';

/**
 * Draws a fixture with `shelves` shelf strips and `perShelf` coloured packs standing on each, like a clean
 * planogram photo: grey back, light shelf strips with a dark shadow under them, packs with a label stripe.
 */
async function drawShelves(shelves: number, perShelf: number, width = 640, height = 480) {
  const bandH = Math.floor((height - 40) / shelves);
  const parts: string[] = [`<rect width="${width}" height="${height}" fill="#6e7275"/>`];
  const colours = ['#c0392b', '#2980b9', '#27ae60', '#f1c40f', '#8e44ad', '#e67e22'];
  for (let s = 0; s < shelves; s++) {
    const lineY = 40 + (s + 1) * bandH - 12;
    const packW = Math.floor((width - 80) / perShelf) - 8;
    for (let p = 0; p < perShelf; p++) {
      const x = 40 + p * (packW + 8);
      const h = Math.floor(bandH * 0.6);
      parts.push(
        `<rect x="${x}" y="${lineY - h}" width="${packW}" height="${h}" fill="${colours[(s + p) % 6]}"/>`,
      );
      parts.push(`<rect x="${x}" y="${lineY - h / 2}" width="${packW}" height="${h / 6}" fill="#ffffff"/>`);
    }
    parts.push(`<rect x="20" y="${lineY}" width="${width - 40}" height="8" fill="#dcdcdc"/>`);
    parts.push(`<rect x="20" y="${lineY + 8}" width="${width - 40}" height="3" fill="#303030"/>`);
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
  const jpeg = await sharp(Buffer.from(svg)).jpeg({ quality: 85 }).toBuffer();
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  return toGrey(data, info.width, info.height, info.channels);
}

describe('heuristic shelf analysis', () => {
  for (const shelves of [2, 3, 4, 5]) {
    it(`finds one shelf line per shelf strip in a drawn ${shelves}-shelf fixture`, async () => {
      const image = await drawShelves(shelves, 5);
      assert.equal(findShelfLines(image).length, shelves);
    });
  }

  it('counts the facings standing on each shelf, without SKU identity', async () => {
    const image = await drawShelves(3, 6);
    const shelves = analyzeShelves(image);
    assert.equal(shelves.length, 3);
    for (const s of shelves) {
      assert.equal(s.facings, 6, JSON.stringify(shelves));
      assert.equal(s.facingEdges.length, 7);
    }
  });

  it('is deterministic: the same image gives the same result', async () => {
    const image = await drawShelves(4, 4);
    assert.deepEqual(analyzeShelves(image), analyzeShelves(image));
  });
});
