import type { FixtureType } from './fixtures.js';

/** One product facing's axis-aligned box, in image pixels (x2/y2 exclusive edges). */
export interface SceneBox {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  sku: string;
  /** Index into `SKU_CATALOG` (the detector class). */
  classIndex: number;
  /** Shelf index, 0 = top shelf. */
  shelf: number;
}

/** A run of identical facings: the unit of a planogram. */
export interface FacingRun {
  sku: string;
  facings: number;
}

/** What the shelf should look like: shelves top to bottom, each an ordered (left to right) list of runs. */
export interface Planogram {
  fixture: FixtureType;
  shelves: FacingRun[][];
}

/** A facing whose SKU the planogram does not list on that shelf. */
export interface MisplacedFacing {
  shelf: number;
  sku: string;
  /** Index into the scene's `boxes`. */
  boxIndex: number;
}

/** A planogram run with no facing on the shelf. */
export interface OutOfStockRun {
  shelf: number;
  sku: string;
  /** Position of the run in the planogram shelf. */
  position: number;
}

/** A generated scene: the JPEG and everything true about it. */
export interface Scene {
  seed: number;
  fixture: FixtureType;
  image: Buffer;
  width: number;
  height: number;
  boxes: SceneBox[];
  planogram: Planogram;
  /** Facings as placed, per shelf left to right, consecutive identical SKUs grouped into runs. */
  trueFacings: FacingRun[][];
  misplaced: MisplacedFacing[];
  outOfStock: OutOfStockRun[];
}
