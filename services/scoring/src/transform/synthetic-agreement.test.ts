import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Planogram, scoreCapture } from '@shelfstream/planogram';
import { generateScene, SkuTileCache } from '@shelfstream/synthetic-shelf';

// The generator's truth scored from its true boxes must agree with the scorer's flags on every scene:
// out-of-stock runs = SKUs planned on a shelf and missing there; facings of SKUs not planned on their shelf =
// misplaced or unexpected SKUs.
test('true facings of synthetic scenes scored from true boxes agree 100 % on out-of-stock and misplaced flags', async () => {
  const tiles = new SkuTileCache();
  let oosFlags = 0;
  let misplacedFlags = 0;
  for (let seed = 1; seed <= 40; seed += 1) {
    const scene = await generateScene(seed, { jpegQuality: 50, tiles });
    const planogram: Planogram = {
      store_id: 's',
      aisle: 'a',
      version: 1,
      fixture: scene.fixture,
      shelves: scene.planogram.shelves.map((runs) => ({ facings: runs.map((r) => ({ ...r })) })),
    };
    const result = scoreCapture({
      planogram,
      identity: 'sku',
      imageHeight: scene.height,
      detections: scene.boxes.map((b) => ({ x1: b.x1, y1: b.y1, x2: b.x2, y2: b.y2, sku: b.sku, score: 1 })),
    });
    const trueOos = new Set(scene.outOfStock.map((o) => `${o.shelf}|${o.sku}`));
    const flaggedOos = new Set(result.shelves.flatMap((s) => s.missing.map((sku) => `${s.index}|${sku}`)));
    assert.deepEqual([...flaggedOos].sort(), [...trueOos].sort(), `out-of-stock flags of seed ${seed}`);
    const trueMisplaced = new Set(scene.misplaced.map((m) => `${m.shelf}|${m.sku}`));
    // The scorer also flags surplus facings of a SKU planned on the same shelf as misplaced (the generator varies
    // facing counts and does not call those misplaced): compare the facings foreign to their shelf.
    const plannedOn = (shelf: number, sku: string) =>
      planogram.shelves[shelf]?.facings.some((run) => run.sku === sku) ?? false;
    const flaggedMisplaced = new Set(
      result.shelves.flatMap((s) =>
        [...s.misplaced, ...s.unexpected]
          .filter((f) => !plannedOn(s.index, f.sku))
          .map((f) => `${s.index}|${f.sku}`),
      ),
    );
    assert.deepEqual(
      [...flaggedMisplaced].sort(),
      [...trueMisplaced].sort(),
      `misplaced flags of seed ${seed}`,
    );
    oosFlags += trueOos.size;
    misplacedFlags += trueMisplaced.size;
  }
  assert.ok(oosFlags > 0 && misplacedFlags > 0, 'the scenes exercised both flags');
});
