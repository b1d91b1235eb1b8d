import { SKU_CATALOG, type Sku } from '../catalog.js';
import { FIXTURE_CATEGORIES, type FixtureType } from '../fixtures.js';
import type { Prng } from '../prng.js';
import type { FacingRun, MisplacedFacing, OutOfStockRun, Planogram, SceneBox } from '../types.js';

/** Geometry of one shelf band: products stand on `lipY` (at the fixture centre) and may rise to `topY`. */
export interface ShelfGeometry {
  topY: number;
  lipY: number;
  lipHeight: number;
}

/** Everything drawn in a scene, decided before any pixel is rendered. */
export interface ScenePlan {
  fixture: FixtureType;
  width: number;
  height: number;
  /** Fixture interior, in pixels. */
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** Endcap header sign height (0 for other fixtures). */
  headerHeight: number;
  shelves: ShelfGeometry[];
  /** Slope of shelf lines (dy/dx), a cheap stand-in for camera roll. */
  tilt: number;
  /** Relative size change of products from the fixture centre to its edge: a slight perspective. */
  perspective: number;
  boxes: SceneBox[];
  planogram: Planogram;
  trueFacings: FacingRun[][];
  misplaced: MisplacedFacing[];
  outOfStock: OutOfStockRun[];
}

/** Variation knobs; each is a probability or range, see {@link planScene}. */
export interface PlanOptions {
  shelfCount?: number;
  /** Probability that a planogram run is out of stock. @default 0.08 */
  outOfStockRate?: number;
  /** Probability that a shelf receives one misplaced facing. @default 0.2 */
  misplacedRate?: number;
}

const SAFE_TOP = 2;

/** Shelf line y at horizontal position `x` (the line passes through `lipY` at the fixture centre). */
export function lipYAt(plan: Pick<ScenePlan, 'x0' | 'x1' | 'tilt'>, shelf: ShelfGeometry, x: number): number {
  return shelf.lipY + plan.tilt * (x - (plan.x0 + plan.x1) / 2);
}

function pickShelfSkus(prng: Prng, fixture: FixtureType, count: number, used: Set<string>): Sku[] {
  const preferred = FIXTURE_CATEGORIES[fixture];
  const fresh = SKU_CATALOG.filter((s) => !used.has(s.id));
  const pool = fresh.length >= count ? fresh : SKU_CATALOG.slice();
  const ranked = prng.shuffle(pool).sort((a, b) => {
    const score = (s: Sku): number => (preferred.includes(s.category) || prng.chance(0.25) ? 0 : 1);
    return score(a) - score(b);
  });
  return ranked.slice(0, count);
}

/**
 * Decides a scene's fixture geometry, true planogram and placed facings (with out-of-stock gaps, varied facing
 * counts and misplaced items). Pure: all randomness comes from `prng`.
 */
export function planScene(
  prng: Prng,
  width: number,
  height: number,
  fixture: FixtureType,
  options: PlanOptions = {},
): ScenePlan {
  const shelfCount = options.shelfCount ?? prng.int(2, 6);
  const oosRate = options.outOfStockRate ?? 0.08;
  const misplacedRate = options.misplacedRate ?? 0.2;

  const fixtureWidth = fixture === 'ENDCAP' ? prng.range(0.5, 0.8) : prng.range(0.84, 0.96);
  const cx = width * prng.range(0.47, 0.53);
  const x0 = Math.round(Math.max(4, cx - (fixtureWidth * width) / 2));
  const x1 = Math.round(Math.min(width - 4, cx + (fixtureWidth * width) / 2));
  const y0 = Math.round(height * prng.range(0.02, 0.07));
  const y1 = Math.round(height * prng.range(0.93, 0.98));
  const headerHeight = fixture === 'ENDCAP' ? Math.round((y1 - y0) * prng.range(0.08, 0.13)) : 0;
  const tilt = prng.range(-0.02, 0.02);
  const perspective = prng.range(-0.08, 0.08);
  const tiltReach = Math.abs(tilt) * ((x1 - x0) / 2);

  const bandTop = y0 + headerHeight;
  const band = (y1 - bandTop) / shelfCount;
  const shelves: ShelfGeometry[] = [];
  for (let i = 0; i < shelfCount; i++) {
    const lipHeight = Math.max(6, Math.round(band * prng.range(0.06, 0.09)));
    const lipY = Math.round(bandTop + band * (i + 1) - lipHeight);
    shelves.push({ topY: Math.round(bandTop + band * i), lipY, lipHeight });
  }

  // Planogram: distinct SKUs per shelf where the catalog allows, facings filling 70-95 % of the shelf.
  const used = new Set<string>();
  const shelfWidth = x1 - x0 - 8;
  const planShelves: FacingRun[][] = [];
  const heightOf = (s: Sku, shelf: ShelfGeometry): number =>
    Math.max(8, Math.floor((shelf.lipY - shelf.topY - 2 * tiltReach) * 0.9 * s.packaging.relHeight));
  const widthOf = (s: Sku, shelf: ShelfGeometry): number =>
    Math.max(6, Math.round(heightOf(s, shelf) * s.packaging.aspect));
  for (const shelf of shelves) {
    const skuCount = prng.int(2, Math.min(5, Math.max(2, Math.floor(shelfWidth / (band * 0.9)))));
    const skus = pickShelfSkus(prng, fixture, skuCount, used);
    for (const s of skus) used.add(s.id);
    const runs = skus.map((s) => ({ sku: s, facings: 1 }));
    const gapOf = (s: Sku): number => Math.max(2, Math.round(widthOf(s, shelf) * 0.08));
    const runWidth = (r: { sku: Sku; facings: number }): number =>
      r.facings * (widthOf(r.sku, shelf) + gapOf(r.sku)) + 6;
    const target = shelfWidth * prng.range(0.72, 0.94);
    let total = runs.reduce((a, r) => a + runWidth(r), 0);
    while (runs.length > 1 && total > shelfWidth) {
      runs.pop();
      total = runs.reduce((a, r) => a + runWidth(r), 0);
    }
    for (let guard = 0; guard < 200; guard++) {
      const r = prng.pick(runs);
      const extra = widthOf(r.sku, shelf) + gapOf(r.sku);
      if (total + extra > target) break;
      r.facings++;
      total += extra;
    }
    planShelves.push(runs.map((r) => ({ sku: r.sku.id, facings: r.facings })));
  }
  const planogram: Planogram = { fixture, shelves: planShelves };

  // Placement: walk each planogram shelf left to right with the actual (varied) facing counts.
  const boxes: SceneBox[] = [];
  const misplaced: MisplacedFacing[] = [];
  const outOfStock: OutOfStockRun[] = [];
  const trueFacings: FacingRun[][] = [];
  shelves.forEach((shelf, shelfIndex) => {
    const runs = planShelves[shelfIndex] ?? [];
    const planned = new Set(runs.map((r) => r.sku));
    const foreign = SKU_CATALOG.filter((s) => !planned.has(s.id));
    const misplaceAt = prng.chance(misplacedRate) && foreign.length > 0 ? prng.int(0, runs.length - 1) : -1;
    const sequence: Sku[] = [];
    const gaps = new Map<number, number>();
    runs.forEach((run, position) => {
      const s = SKU_CATALOG.find((c) => c.id === run.sku) as Sku;
      let actual = run.facings;
      if (prng.chance(oosRate)) {
        actual = 0;
        outOfStock.push({ shelf: shelfIndex, sku: run.sku, position });
        gaps.set(sequence.length, run.facings * (widthOf(s, shelf) + 4));
      } else {
        const roll = prng.next();
        if (roll < 0.15 && actual > 1) actual -= 1;
        else if (roll > 0.9) actual += 1;
      }
      for (let f = 0; f < actual; f++) sequence.push(s);
      if (position === misplaceAt)
        sequence.splice(sequence.length - (actual > 1 ? 1 : 0), 0, prng.pick(foreign));
    });

    let x = x0 + 4 + prng.int(0, Math.max(0, Math.round(shelfWidth * 0.04)));
    const placed: Sku[] = [];
    sequence.forEach((s, i) => {
      x += gaps.get(i) ?? 0;
      const k = 1 + perspective * ((x - (x0 + x1) / 2) / ((x1 - x0) / 2));
      const h = Math.min(Math.round(heightOf(s, shelf) * k), shelf.lipY - shelf.topY);
      const w = Math.max(6, Math.round(widthOf(s, shelf) * k));
      if (x + w > x1 - 2) return;
      const bottom = Math.round(lipYAt({ x0, x1, tilt }, shelf, x + w / 2));
      const top = Math.max(SAFE_TOP, bottom - h);
      const box: SceneBox = {
        x1: x,
        y1: top,
        x2: x + w,
        y2: bottom,
        sku: s.id,
        classIndex: 0,
        shelf: shelfIndex,
      };
      box.classIndex = SKU_CATALOG.indexOf(s);
      if (!planned.has(s.id)) misplaced.push({ shelf: shelfIndex, sku: s.id, boxIndex: boxes.length });
      boxes.push(box);
      placed.push(s);
      x += w + Math.max(2, Math.round(w * prng.range(0.03, 0.12)));
    });
    // Out-of-stock also covers a run whose facings all fell off the shelf end.
    runs.forEach((run, position) => {
      if (
        !placed.some((p) => p.id === run.sku) &&
        !outOfStock.some((o) => o.shelf === shelfIndex && o.position === position)
      )
        outOfStock.push({ shelf: shelfIndex, sku: run.sku, position });
    });
    const grouped: FacingRun[] = [];
    for (const s of placed) {
      const last = grouped[grouped.length - 1];
      if (last && last.sku === s.id) last.facings++;
      else grouped.push({ sku: s.id, facings: 1 });
    }
    trueFacings.push(grouped);
  });

  outOfStock.sort((a, b) => a.shelf - b.shelf || a.position - b.position);
  return {
    fixture,
    width,
    height,
    x0,
    x1,
    y0,
    y1,
    headerHeight,
    shelves,
    tilt,
    perspective,
    boxes,
    planogram,
    trueFacings,
    misplaced,
    outOfStock,
  };
}
