/** Fixture kinds a planogram can describe; inference routes by the same values. */
export const Fixtures = ['GONDOLA', 'ENDCAP', 'FREEZER'] as const;

/** The kind of fixture a planogram describes. */
export type Fixture = (typeof Fixtures)[number];

/** One run of identical products on a shelf: `facings` side-by-side fronts of `sku`. */
export interface PlannedFacing {
  /** Stock-keeping unit identifier, as the detector's labels name it. */
  readonly sku: string;
  /** How many fronts of the SKU sit side by side (at least 1). */
  readonly facings: number;
}

/** One shelf: its runs of facings listed left to right. */
export interface PlannedShelf {
  readonly facings: readonly PlannedFacing[];
}

/** Optional catalog facts about a SKU; `brand` feeds share-of-shelf. */
export interface CatalogEntry {
  readonly brand: string;
  readonly category?: string;
  readonly size?: string;
}

/**
 * A planogram as published per store and aisle (see README.md and planogram.schema.json).
 * Field names are snake_case because this is the JSON wire/file format.
 */
export interface Planogram {
  /** Optional pointer to the JSON Schema, for editors; ignored by scoring and hashing. */
  readonly $schema?: string;
  readonly store_id: string;
  readonly aisle: string;
  /** Publication version, an integer from 1, increasing per store and aisle. */
  readonly version: number;
  readonly fixture: Fixture;
  /** Shelves listed top to bottom (index 0 is the top shelf). */
  readonly shelves: readonly PlannedShelf[];
  /** Optional SKU catalog: sku -> brand, category, size. */
  readonly catalog?: Readonly<Record<string, CatalogEntry>>;
}
