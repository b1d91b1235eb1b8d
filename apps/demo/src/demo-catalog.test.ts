import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePlanogram } from '@shelfstream/planogram';
import { createPrng, FIXTURE_TYPES, generateScene } from '@shelfstream/synthetic-shelf';
import {
  buildDemoAisles,
  MIN_SCENE_SHARPNESS,
  STORE_FORMATS,
  seedWithFixture,
  toPlanogram,
} from './demo-catalog.js';
import { groundTruthScore } from './ground-truth.js';

test('seedWithFixture finds a seed whose generated scene has the wanted fixture', async () => {
  for (const fixture of FIXTURE_TYPES) {
    const seed = seedWithFixture(1000, fixture);
    assert.equal(createPrng(seed).pick(FIXTURE_TYPES), fixture);
    const scene = await generateScene(seed, { width: 320, height: 240 });
    assert.equal(scene.fixture, fixture);
  }
});

test('toPlanogram turns a scene into a valid planogram, and a variant into different content', async () => {
  const scene = await generateScene(seedWithFixture(42, 'ENDCAP'), { width: 640, height: 480 });
  const v1 = toPlanogram(scene, { storeId: 'store-001', aisle: 'A01', version: 1 });
  const v2 = toPlanogram(scene, { storeId: 'store-001', aisle: 'A01', version: 2, variant: 1 });
  const parsed = parsePlanogram(JSON.stringify(v1));
  assert.ok(parsed.ok, JSON.stringify(parsed));
  assert.equal(v1.fixture, 'ENDCAP');
  assert.deepEqual(
    v1.shelves.map((s) => s.facings),
    scene.planogram.shelves,
  );
  assert.notDeepEqual(v2.shelves, v1.shelves);
  for (const shelf of v1.shelves) for (const run of shelf.facings) assert.ok(v1.catalog?.[run.sku], run.sku);
});

test('the ground truth of a clean scene scores 100 against its own planogram', async () => {
  const scene = await generateScene(seedWithFixture(7, 'GONDOLA'), { width: 640, height: 480, clean: true });
  const planogram = toPlanogram(scene, { storeId: 'store-001', aisle: 'A01', version: 1 });
  assert.equal(groundTruthScore(scene, planogram, 'sku'), 100);
});

test('every demo aisle gets its own scene seed of its store format, skipping blurry scenes', async () => {
  let calls = 0;
  // Every other generated scene is reported as blurry: it must be skipped.
  const sharpness = async () => (calls++ % 2 === 0 ? MIN_SCENE_SHARPNESS - 1 : MIN_SCENE_SHARPNESS);
  const aisles = await buildDemoAisles({
    stores: 3,
    aislesPerStore: 3,
    seed: 7,
    width: 320,
    height: 240,
    sharpness,
  });
  assert.equal(aisles.length, 9);
  assert.equal(new Set(aisles.map((a) => a.sceneSeed)).size, 9, 'no two aisles share a scene');
  assert.equal(calls, 18);
  for (const a of aisles) assert.equal(a.scene.fixture, STORE_FORMATS[Number(a.storeId.slice(-3)) - 1]);
});
