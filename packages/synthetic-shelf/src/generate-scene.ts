import sharp from 'sharp';
import { SKU_CATALOG } from './catalog.js';
import { FIXTURE_TYPES, type FixtureType } from './fixtures.js';
import { backgroundSvg } from './internal/fixture-svg.js';
import { overlaySvg } from './internal/overlay-svg.js';
import { planScene } from './internal/scene-plan.js';
import { SkuTileCache } from './internal/sku-tile.js';
import { createPrng } from './prng.js';
import type { Scene } from './types.js';

/** Options of {@link generateScene}; every variation is on unless switched off. */
export interface SceneOptions {
  /** Output width in pixels. @default 1280 */
  width?: number;
  /** Output height in pixels. @default 960 */
  height?: number;
  /** Fixture type; drawn from the seed when absent. */
  fixture?: FixtureType;
  /** Shelf count (2-6); drawn from the seed when absent. */
  shelfCount?: number;
  /** Switch off occlusion, glare, lighting variance, blur, out-of-stock and misplacement (clean scenes). */
  clean?: boolean;
  /**
   * An empty fixture: back, shelves and shelf edges drawn as usual, no product at all. The planogram is planned as
   * usual and every run of it is out of stock (no boxes, no true facings, nothing misplaced), so the scene scores 0,
   * and it is a shelf photo all the same, unlike a blank frame. Occluders need a product to reach for, so there are
   * none; glare, lighting and blur still vary unless `clean`. @default false
   */
  empty?: boolean;
  /** JPEG quality (1-100); drawn from 70-92 when absent. */
  jpegQuality?: number;
  /** Share a tile cache between calls to avoid re-rendering SKU artwork. */
  tiles?: SkuTileCache;
}

const sharedTiles = new SkuTileCache();

/**
 * Generates one synthetic shelf photo with its ground truth. Deterministic: the same seed and options give
 * byte-identical output.
 *
 * @example
 * const scene = await generateScene(42, { width: 1920, height: 1080, fixture: 'FREEZER' });
 * await writeFile('scene.jpg', scene.image);
 */
export async function generateScene(seed: number, options: SceneOptions = {}): Promise<Scene> {
  const width = options.width ?? 1280;
  const height = options.height ?? 960;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 160 || height < 120)
    throw new RangeError(`scene size must be integers of at least 160x120, got ${width}x${height}`);
  const clean = options.clean ?? false;
  const prng = createPrng(seed);
  const fixture = options.fixture ?? prng.pick(FIXTURE_TYPES);
  const plan = planScene(prng, width, height, fixture, {
    ...(options.shelfCount !== undefined ? { shelfCount: options.shelfCount } : {}),
    ...(clean ? { outOfStockRate: 0, misplacedRate: 0 } : {}),
    // Every run out of stock and none misplaced leaves nothing to place; the truth follows from the plan as usual.
    ...(options.empty ? { outOfStockRate: 1, misplacedRate: 0 } : {}),
  });
  const tiles = options.tiles ?? sharedTiles;

  const background = backgroundSvg(plan, prng);
  const overlay = overlaySvg(plan, prng, {
    occlusion: !clean && prng.chance(0.35),
    glare: !clean && prng.chance(0.35),
    lightingGradient: !clean && prng.chance(0.5),
  });
  const brightness = clean ? 1 : prng.range(0.72, 1.22);
  const saturation = clean ? 1 : prng.range(0.8, 1.2);
  const blurSigma = !clean && prng.chance(0.3) ? prng.range(0.5, 1.6) : 0;
  const quality = options.jpegQuality ?? prng.int(70, 92);

  const productLayers = await Promise.all(
    plan.boxes.map(async (b) => {
      const sku = SKU_CATALOG[b.classIndex];
      if (!sku) throw new Error(`unknown class index ${b.classIndex}`);
      const t = await tiles.tile(sku, b.x2 - b.x1, b.y2 - b.y1);
      return {
        input: t.data,
        raw: { width: t.width, height: t.height, channels: 4 as const },
        left: b.x1,
        top: b.y1,
      };
    }),
  );
  const composed = await sharp(Buffer.from(background))
    .resize(width, height, { fit: 'fill' })
    .composite([...productLayers, { input: Buffer.from(overlay), left: 0, top: 0 }])
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });

  let finish = sharp(composed.data, { raw: { width, height, channels: 3 } }).modulate({
    brightness,
    saturation,
  });
  if (blurSigma > 0) finish = finish.blur(blurSigma);
  const image = await finish.jpeg({ quality }).toBuffer();

  return {
    seed,
    fixture,
    image,
    width,
    height,
    boxes: plan.boxes,
    planogram: plan.planogram,
    trueFacings: plan.trueFacings,
    misplaced: plan.misplaced,
    outOfStock: plan.outOfStock,
  };
}
