/** Package silhouettes the tile renderer knows how to draw. */
export const PACKAGE_SHAPES = ['box', 'bottle', 'can', 'bag', 'jar', 'tub', 'carton'] as const;
/** A package silhouette. */
export type PackageShape = (typeof PACKAGE_SHAPES)[number];

/** Surface patterns printed on a package. */
export const PACKAGE_PATTERNS = [
  'solid',
  'stripes',
  'dots',
  'chevron',
  'checker',
  'diagonal',
  'waves',
  'band',
] as const;
/** A surface pattern. */
export type PackagePattern = (typeof PACKAGE_PATTERNS)[number];

/** How a SKU's packaging looks: what the detector learns to tell apart. */
export interface Packaging {
  shape: PackageShape;
  /** Main colour, `#rrggbb`. */
  primary: string;
  /** Pattern / accent colour, `#rrggbb`. */
  secondary: string;
  /** Label band colour, `#rrggbb`. */
  labelColor: string;
  /** Label text colour, `#rrggbb`. */
  textColor: string;
  pattern: PackagePattern;
  /** Width / height of the front face. */
  aspect: number;
  /** Height relative to the tallest product a shelf can hold (0-1]. */
  relHeight: number;
}

/** One stock-keeping unit of the synthetic catalog. */
export interface Sku {
  /** Stable id, also the class name in labels.json. */
  id: string;
  name: string;
  brand: string;
  category: string;
  /** Pack size as printed, e.g. `500 ml`. */
  size: string;
  /** Text printed on the label (rendered with SVG text). */
  labelText: string;
  packaging: Packaging;
}

const sku = (
  id: string,
  name: string,
  brand: string,
  category: string,
  size: string,
  labelText: string,
  packaging: Packaging,
): Sku => ({ id, name, brand, category, size, labelText, packaging });

/**
 * The synthetic catalog. The array index is the detector's class index, so entries are only ever appended.
 */
export const SKU_CATALOG: readonly Sku[] = Object.freeze([
  sku('SKU-COLA-500', 'Cola 500 ml', 'Fizzo', 'beverages', '500 ml', 'FIZZO', {
    shape: 'bottle',
    primary: '#c8102e',
    secondary: '#ffffff',
    labelColor: '#ffffff',
    textColor: '#c8102e',
    pattern: 'waves',
    aspect: 0.34,
    relHeight: 0.92,
  }),
  sku('SKU-LEMON-330', 'Lemon soda can 330 ml', 'Zest', 'beverages', '330 ml', 'ZEST', {
    shape: 'can',
    primary: '#f4e01b',
    secondary: '#2e9e3f',
    labelColor: '#2e9e3f',
    textColor: '#f4e01b',
    pattern: 'stripes',
    aspect: 0.55,
    relHeight: 0.6,
  }),
  sku('SKU-WATER-1L', 'Spring water 1 l', 'Glacia', 'beverages', '1 l', 'GLACIA', {
    shape: 'bottle',
    primary: '#8fd3f4',
    secondary: '#1f5fa8',
    labelColor: '#1f5fa8',
    textColor: '#ffffff',
    pattern: 'solid',
    aspect: 0.3,
    relHeight: 0.98,
  }),
  sku('SKU-CRISPS-150', 'Salted crisps 150 g', 'Crunchy', 'snacks', '150 g', 'CRUNCHY', {
    shape: 'bag',
    primary: '#1d3fbb',
    secondary: '#ffd400',
    labelColor: '#ffd400',
    textColor: '#1d3fbb',
    pattern: 'dots',
    aspect: 0.78,
    relHeight: 0.85,
  }),
  sku('SKU-CEREAL-500', 'Honey cereal 500 g', 'SunOats', 'breakfast', '500 g', 'SUNOATS', {
    shape: 'box',
    primary: '#f28c00',
    secondary: '#7a3b00',
    labelColor: '#7a3b00',
    textColor: '#ffe2a8',
    pattern: 'chevron',
    aspect: 0.7,
    relHeight: 0.95,
  }),
  sku('SKU-PASTA-500', 'Penne 500 g', 'Nonna', 'pantry', '500 g', 'NONNA', {
    shape: 'box',
    primary: '#0b6e3a',
    secondary: '#ffffff',
    labelColor: '#d62828',
    textColor: '#ffffff',
    pattern: 'band',
    aspect: 0.52,
    relHeight: 0.72,
  }),
  sku('SKU-TOMATO-400', 'Chopped tomatoes 400 g', 'Rosso', 'pantry', '400 g', 'ROSSO', {
    shape: 'can',
    primary: '#e63946',
    secondary: '#2a9d8f',
    labelColor: '#fff3d6',
    textColor: '#e63946',
    pattern: 'checker',
    aspect: 0.72,
    relHeight: 0.5,
  }),
  sku('SKU-COFFEE-250', 'Ground coffee 250 g', 'Noir', 'breakfast', '250 g', 'NOIR', {
    shape: 'jar',
    primary: '#3b2416',
    secondary: '#c9a227',
    labelColor: '#c9a227',
    textColor: '#3b2416',
    pattern: 'diagonal',
    aspect: 0.66,
    relHeight: 0.66,
  }),
  sku('SKU-DETERG-1L', 'Laundry liquid 1 l', 'Blu', 'household', '1 l', 'BLU', {
    shape: 'bottle',
    primary: '#6a0dad',
    secondary: '#00c2d1',
    labelColor: '#00c2d1',
    textColor: '#ffffff',
    pattern: 'dots',
    aspect: 0.5,
    relHeight: 1.0,
  }),
  sku('SKU-ICECREAM-1L', 'Vanilla ice cream 1 l', 'Polar', 'frozen', '1 l', 'POLAR', {
    shape: 'tub',
    primary: '#fff5d1',
    secondary: '#e85d9c',
    labelColor: '#e85d9c',
    textColor: '#ffffff',
    pattern: 'waves',
    aspect: 1.15,
    relHeight: 0.55,
  }),
  sku('SKU-PIZZA-350', 'Frozen pizza 350 g', 'Forno', 'frozen', '350 g', 'FORNO', {
    shape: 'box',
    primary: '#111111',
    secondary: '#ff7f11',
    labelColor: '#ff7f11',
    textColor: '#111111',
    pattern: 'stripes',
    aspect: 1.25,
    relHeight: 0.5,
  }),
  sku('SKU-MILK-1L', 'Whole milk 1 l', 'Dairyo', 'dairy', '1 l', 'DAIRYO', {
    shape: 'carton',
    primary: '#ffffff',
    secondary: '#0057b8',
    labelColor: '#0057b8',
    textColor: '#ffffff',
    pattern: 'checker',
    aspect: 0.45,
    relHeight: 0.9,
  }),
  sku('SKU-TEA-80', 'Green tea 80 bags', 'Matcha', 'breakfast', '80 bags', 'MATCHA', {
    shape: 'box',
    primary: '#7cb518',
    secondary: '#f6f7eb',
    labelColor: '#f6f7eb',
    textColor: '#3a5a00',
    pattern: 'diagonal',
    aspect: 0.95,
    relHeight: 0.55,
  }),
  sku('SKU-CHOC-100', 'Dark chocolate 100 g', 'Cacao', 'snacks', '100 g', 'CACAO', {
    shape: 'box',
    primary: '#5c0a2e',
    secondary: '#e0b0ff',
    labelColor: '#e0b0ff',
    textColor: '#5c0a2e',
    pattern: 'band',
    aspect: 1.6,
    relHeight: 0.32,
  }),
]);

/** Class index of a SKU id (its position in {@link SKU_CATALOG}); -1 when unknown. */
export function classIndexOf(skuId: string): number {
  return SKU_CATALOG.findIndex((s) => s.id === skuId);
}
