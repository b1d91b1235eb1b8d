import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import sharp from 'sharp';
import { SKU_CATALOG } from './catalog.js';
import { FIXTURE_TYPES } from './fixtures.js';
import { generateScene } from './generate-scene.js';

describe('generateScene', () => {
  it('produces byte-identical scenes for the same seed', async () => {
    const a = await generateScene(4242, { width: 640, height: 480 });
    const b = await generateScene(4242, { width: 640, height: 480 });
    assert.deepEqual(a.boxes, b.boxes);
    assert.deepEqual(a.planogram, b.planogram);
    assert.ok(a.image.equals(b.image), 'JPEG bytes differ for the same seed');
  });

  it('produces different scenes for different seeds', async () => {
    const a = await generateScene(1, { width: 640, height: 480 });
    const b = await generateScene(2, { width: 640, height: 480 });
    assert.notDeepEqual(a.boxes, b.boxes);
  });

  it('encodes a JPEG of the requested size', async () => {
    const scene = await generateScene(7, { width: 800, height: 450 });
    const meta = await sharp(scene.image).metadata();
    assert.equal(meta.format, 'jpeg');
    assert.equal(meta.width, 800);
    assert.equal(meta.height, 450);
  });

  it('keeps every box inside the image with a positive area', async () => {
    for (let seed = 100; seed < 130; seed++) {
      const s = await generateScene(seed, { width: 640, height: 480 });
      assert.ok(s.boxes.length > 0, `seed ${seed} has no boxes`);
      for (const b of s.boxes) {
        assert.ok(
          b.x1 >= 0 && b.y1 >= 0 && b.x2 <= s.width && b.y2 <= s.height,
          `seed ${seed}: ${JSON.stringify(b)}`,
        );
        assert.ok(b.x2 > b.x1 && b.y2 > b.y1);
        assert.equal(SKU_CATALOG[b.classIndex]?.id, b.sku);
      }
    }
  });

  it('reports true facings, misplaced and out-of-stock runs consistent with the boxes', async () => {
    for (let seed = 200; seed < 240; seed++) {
      const s = await generateScene(seed, { width: 640, height: 480 });
      assert.equal(s.trueFacings.length, s.planogram.shelves.length);
      s.planogram.shelves.forEach((runs, shelf) => {
        const onShelf = s.boxes.filter((b) => b.shelf === shelf).sort((a, b) => a.x1 - b.x1);
        const placed = s.trueFacings[shelf] ?? [];
        assert.deepEqual(
          placed.flatMap((r) => Array<string>(r.facings).fill(r.sku)),
          onShelf.map((b) => b.sku),
          `seed ${seed} shelf ${shelf}: true facings do not match the boxes left to right`,
        );
        const planned = new Set(runs.map((r) => r.sku));
        const misplacedHere = s.misplaced.filter((m) => m.shelf === shelf);
        assert.deepEqual(
          misplacedHere.map((m) => s.boxes[m.boxIndex]?.sku),
          misplacedHere.map((m) => m.sku),
        );
        for (const b of onShelf) {
          const isMisplaced = s.misplaced.some((m) => s.boxes[m.boxIndex] === b);
          assert.equal(isMisplaced, !planned.has(b.sku), `seed ${seed}: ${b.sku} misplacement flag is wrong`);
        }
        runs.forEach((run, position) => {
          const oos = s.outOfStock.some((o) => o.shelf === shelf && o.position === position);
          assert.equal(
            oos,
            !onShelf.some((b) => b.sku === run.sku),
            `seed ${seed}: ${run.sku} stock flag is wrong`,
          );
        });
      });
    }
  });

  it('draws every fixture type and lets a caller pin one', async () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 30; seed++)
      seen.add((await generateScene(seed, { width: 320, height: 240 })).fixture);
    assert.deepEqual([...seen].sort(), [...FIXTURE_TYPES].sort());
    const freezer = await generateScene(5, { width: 320, height: 240, fixture: 'FREEZER', shelfCount: 4 });
    assert.equal(freezer.fixture, 'FREEZER');
    assert.equal(freezer.planogram.shelves.length, 4);
  });

  it('draws an empty fixture on request: no box, every planned run out of stock, the same shelves', async () => {
    for (let seed = 300; seed < 312; seed++) {
      const stocked = await generateScene(seed, { width: 640, height: 480 });
      const empty = await generateScene(seed, { width: 640, height: 480, empty: true });
      assert.equal(empty.fixture, stocked.fixture);
      assert.deepEqual(empty.planogram, stocked.planogram, `seed ${seed}: the plan must not depend on stock`);
      assert.deepEqual(empty.boxes, []);
      assert.deepEqual(empty.misplaced, []);
      assert.deepEqual(
        empty.trueFacings,
        empty.planogram.shelves.map(() => []),
      );
      assert.deepEqual(
        empty.outOfStock,
        empty.planogram.shelves.flatMap((runs, shelf) =>
          runs.map((run, position) => ({ shelf, sku: run.sku, position })),
        ),
      );
      assert.ok(empty.planogram.shelves.every((runs) => runs.length > 0));
      const meta = await sharp(empty.image).metadata();
      assert.equal(meta.width, 640);
    }
  });

  it('rejects a size that is not a positive integer', async () => {
    await assert.rejects(generateScene(1, { width: 0, height: 480 }), RangeError);
  });
});
