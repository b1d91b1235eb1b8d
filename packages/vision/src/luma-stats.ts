import { assertRawImage, type RawImage, uint8View } from './raw-image.js';

/** Exposure statistics of a grey image. */
export interface LumaStats {
  /** Mean luma, 0-255. */
  readonly mean: number;
  /** Standard deviation of luma, 0-255: a global contrast measure. */
  readonly stddev: number;
  /** Fraction (0-1) of pixels at or below the dark clipping threshold. */
  readonly underexposedFraction: number;
  /** Fraction (0-1) of pixels at or above the bright clipping threshold. */
  readonly overexposedFraction: number;
}

/** Clipping thresholds of {@link lumaStats}. */
export interface LumaThresholds {
  /** @default 16 (luma, 0-255) */
  readonly darkAtOrBelow?: number;
  /** @default 239 (luma, 0-255) */
  readonly brightAtOrAbove?: number;
}

/** Mean, spread and clipped fractions of a grey image's luma. */
export function lumaStats(grey: RawImage, thresholds: LumaThresholds = {}): LumaStats {
  assertRawImage(grey);
  if (grey.channels !== 1) throw new Error('lumaStats needs a grey image (1 channel)');
  const dark = thresholds.darkAtOrBelow ?? 16;
  const bright = thresholds.brightAtOrAbove ?? 239;
  const px = uint8View(grey.data);
  const n = px.length;
  const histogram = histogramOf(px);
  if (n === 0) return { mean: 0, stddev: 0, underexposedFraction: 0, overexposedFraction: 0 };
  let sum = 0;
  let sumSq = 0;
  let under = 0;
  let over = 0;
  for (let v = 0; v < 256; v += 1) {
    const count = histogram[v] as number;
    sum += v * count;
    sumSq += v * v * count;
    if (v <= dark) under += count;
    if (v >= bright) over += count;
  }
  const mean = sum / n;
  return {
    mean,
    stddev: Math.sqrt(Math.max(0, sumSq / n - mean * mean)),
    underexposedFraction: under / n,
    overexposedFraction: over / n,
  };
}

/** Counts of each grey level; a function of its own, so V8 optimizes the pixel loop whole. */
function histogramOf(px: Uint8Array): Int32Array {
  const histogram = new Int32Array(256);
  const n = px.length;
  for (let i = 0; i < n; i += 1) {
    const v = px[i] as number;
    histogram[v] = (histogram[v] as number) + 1;
  }
  return histogram;
}
