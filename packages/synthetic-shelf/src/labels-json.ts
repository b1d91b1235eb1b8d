import { SKU_CATALOG, type Sku } from './catalog.js';

/** One entry of labels.json. */
export interface LabelsJsonEntry {
  id: string;
  name: string;
  brand: string;
  category: string;
  size: string;
}

/** The catalog as labels.json content: class index (string key) -> SKU description. */
export function toLabelsJson(catalog: readonly Sku[] = SKU_CATALOG): Record<string, LabelsJsonEntry> {
  return Object.fromEntries(
    catalog.map((s, i) => [
      String(i),
      { id: s.id, name: s.name, brand: s.brand, category: s.category, size: s.size },
    ]),
  );
}
