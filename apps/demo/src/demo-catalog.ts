import type { Planogram } from '@shelfstream/planogram';
import {
  createPrng,
  FIXTURE_TYPES,
  type FixtureType,
  generateScene,
  type Scene,
  SKU_CATALOG,
} from '@shelfstream/synthetic-shelf';

/** Store formats of the demo, in store order (store-001 is a gondola store, store-002 endcaps, ...). */
export const STORE_FORMATS: readonly FixtureType[] = ['GONDOLA', 'ENDCAP', 'FREEZER'];

/** One store aisle of the demo: its scene seed (what every photo of the aisle shows) and planogram. */
export interface DemoAisle {
  readonly storeId: string;
  readonly aisle: string;
  readonly fixture: FixtureType;
  readonly sceneSeed: number;
  readonly planogram: Planogram;
  /** The ground truth of the aisle's photo (generator output). */
  readonly scene: Scene;
}

/** `store-001`... as the device simulator names stores. */
export function storeId(index1: number): string {
  return `store-${String(index1).padStart(3, '0')}`;
}

/** `A01`... as the device simulator names aisles. */
export function aisleId(index1: number): string {
  return `A${String(index1).padStart(2, '0')}`;
}

/**
 * The first seed from `start` whose generated scene has `fixture` (generateScene draws the fixture first from the
 * seed's PRNG, so the check is one draw).
 */
export function seedWithFixture(start: number, fixture: FixtureType): number {
  for (let seed = start; ; seed++) if (createPrng(seed).pick(FIXTURE_TYPES) === fixture) return seed;
}

/**
 * The planogram a scene was generated against, as a publishable planogram (catalog from the SKU catalog).
 * `variant` > 0 derives a different document for a later version: the last run of the last shelf gets `variant`
 * more facings expected (the version drift demo publishes such a v2).
 */
export function toPlanogram(
  scene: Scene,
  where: { storeId: string; aisle: string; version: number; variant?: number },
): Planogram {
  const variant = where.variant ?? 0;
  const shelves = scene.planogram.shelves.map((runs, shelfIndex, all) => ({
    facings: runs.map((run, i) => ({
      sku: run.sku,
      facings:
        run.facings + (variant > 0 && shelfIndex === all.length - 1 && i === runs.length - 1 ? variant : 0),
    })),
  }));
  const catalog: Record<string, { brand: string; category: string; size: string }> = {};
  for (const runs of scene.planogram.shelves)
    for (const run of runs) {
      const sku = SKU_CATALOG.find((s) => s.id === run.sku);
      if (sku) catalog[sku.id] = { brand: sku.brand, category: sku.category, size: sku.size };
    }
  return {
    store_id: where.storeId,
    aisle: where.aisle,
    version: where.version,
    fixture: scene.fixture,
    shelves,
    catalog,
  };
}

/** Laplacian variance an aisle's scene must reach: well above preprocessing's default blur threshold (100). */
export const MIN_SCENE_SHARPNESS = 150;

/**
 * The demo's stores and aisles: store i has format STORE_FORMATS[i % 3]; each aisle gets its own scene seed of
 * that fixture (never shared between aisles), sharp enough that preprocessing does not flag the clean photo as
 * blurry (the generator blurs ~30 % of its scenes a little), and the planogram that scene was generated against
 * (version 1).
 */
export async function buildDemoAisles(options: {
  stores: number;
  aislesPerStore: number;
  seed: number;
  width: number;
  height: number;
  /** Sharpness of a generated JPEG (see sceneSharpness); seeds below MIN_SCENE_SHARPNESS are skipped. */
  sharpness?: (jpeg: Buffer) => Promise<number>;
}): Promise<DemoAisle[]> {
  const aisles: DemoAisle[] = [];
  const used = new Set<number>();
  for (let s = 1; s <= options.stores; s++) {
    const fixture = STORE_FORMATS[(s - 1) % STORE_FORMATS.length] ?? 'GONDOLA';
    for (let a = 1; a <= options.aislesPerStore; a++) {
      let candidate = options.seed * 100_000 + s * 1000 + a * 50;
      for (let tries = 0; ; tries++) {
        const sceneSeed = seedWithFixture(candidate, fixture);
        candidate = sceneSeed + 1;
        if (used.has(sceneSeed)) continue;
        const scene = await generateScene(sceneSeed, { width: options.width, height: options.height });
        const sharp = options.sharpness ? await options.sharpness(scene.image) : MIN_SCENE_SHARPNESS;
        if (sharp < MIN_SCENE_SHARPNESS && tries < 50) continue;
        used.add(sceneSeed);
        const where = { storeId: storeId(s), aisle: aisleId(a) };
        aisles.push({
          ...where,
          fixture,
          sceneSeed,
          scene,
          planogram: toPlanogram(scene, { ...where, version: 1 }),
        });
        break;
      }
    }
  }
  return aisles;
}

/** Map key of a store aisle. */
export function aisleKey(storeIdValue: string, aisle: string): string {
  return `${storeIdValue}|${aisle}`;
}
