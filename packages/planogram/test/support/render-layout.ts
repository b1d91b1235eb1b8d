/**
 * Test support: turns a logical shelf layout (shelf, position, SKU, score) into pixel boxes that
 * look like a photographed shelf: products of varying height standing on the shelf line, slightly
 * jittered. Deterministic for a given seed.
 */
import type { Detection, Planogram } from '../../src/index.js';

/** One product front in a logical layout. `position` is a left-to-right slot index (may be fractional). */
export interface LayoutFacing {
  readonly shelf: number;
  readonly position: number;
  readonly sku: string | null;
  readonly score: number;
}

/** Geometry of rendered boxes, in pixels. */
export const SHELF_PITCH = 200;
const SLOT_WIDTH = 60;
const BOX_WIDTH = 50;

/** A small seeded PRNG (mulberry32) returning floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every planned facing of a planogram on its planned slot, all with the same score. */
export function perfectLayout(planogram: Planogram, score = 0.9): LayoutFacing[] {
  return planogram.shelves.flatMap((shelf, s) => {
    const skus = shelf.facings.flatMap((run) => Array.from({ length: run.facings }, () => run.sku));
    return skus.map((sku, position) => ({ shelf: s, position, sku, score }));
  });
}

/**
 * Renders facings to boxes: height 60-85 % of the shelf pitch, bottom on the shelf line
 * (+-2 px), x jitter +-4 px. Image height is `shelfCount * SHELF_PITCH`.
 */
export function renderLayout(facings: readonly LayoutFacing[], seed = 1): Detection[] {
  const random = seededRandom(seed);
  const jitter = (amplitude: number): number => (random() * 2 - 1) * amplitude;
  return facings.map((f) => {
    const height = SHELF_PITCH * (0.6 + 0.25 * random());
    const bottom = f.shelf * SHELF_PITCH + 0.92 * SHELF_PITCH + jitter(2);
    const x1 = 10 + f.position * SLOT_WIDTH + jitter(4);
    return { x1, y1: bottom - height, x2: x1 + BOX_WIDTH, y2: bottom, sku: f.sku, score: f.score };
  });
}

/** A planogram from shelves of `[sku, facings]` runs. */
export function planogramOf(shelves: readonly (readonly [string, number])[][]): Planogram {
  return {
    store_id: 'store-test',
    aisle: 'aisle-test',
    version: 1,
    fixture: 'GONDOLA',
    shelves: shelves.map((runs) => ({ facings: runs.map(([sku, facings]) => ({ sku, facings })) })),
  };
}
