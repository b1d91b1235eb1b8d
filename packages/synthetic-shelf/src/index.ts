/**
 * Deterministic synthetic shelf scenes (photo + boxes + planogram truth) for training and testing the detector.
 *
 * @example
 * import { generateScene, toYoloLabels } from '@shelfstream/synthetic-shelf';
 * const scene = await generateScene(7, { width: 1280, height: 960 });
 * const labels = toYoloLabels(scene.boxes, scene.width, scene.height);
 */
export {
  classIndexOf,
  PACKAGE_PATTERNS,
  PACKAGE_SHAPES,
  type PackagePattern,
  type PackageShape,
  type Packaging,
  SKU_CATALOG,
  type Sku,
} from './catalog.js';
export { CLI_BAD_ARGUMENT, type CliArgs, parseCliArgs, USAGE } from './cli-args.js';
export { FIXTURE_CATEGORIES, FIXTURE_TYPES, type FixtureType, isFixtureType } from './fixtures.js';
export { generateScene, type SceneOptions } from './generate-scene.js';
export { SkuTileCache, type Tile } from './internal/sku-tile.js';
export { type LabelsJsonEntry, toLabelsJson } from './labels-json.js';
export { createPrng, type Prng } from './prng.js';
export type { FacingRun, MisplacedFacing, OutOfStockRun, Planogram, Scene, SceneBox } from './types.js';
export { parseYoloLabels, toYoloLabels, type YoloLabel } from './yolo-labels.js';
