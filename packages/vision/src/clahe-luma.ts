import sharp from 'sharp';
import { assertRawImage, type RawImage, uint8View } from './raw-image.js';
import { toLuma } from './to-luma.js';

/** Options of {@link claheLuma}. */
export interface ClaheOptions {
  /**
   * Width and height of the CLAHE window (px of the working image). libvips slides it over every pixel, so the cost
   * grows with its area, and small windows lift local contrast most. @default 16
   */
  readonly tileSizePx?: number;
  /** Contrast limit: the histogram clip slope (0 = unlimited adaptive equalization). @default 4 */
  readonly maxSlope?: number;
}

/**
 * Lighting normalization: CLAHE (sharp's `clahe`) on the luma of an RGB image, then each pixel's RGB scaled by the
 * luma gain, so local contrast rises and hues are kept (equalizing R, G and B separately would shift colours).
 *
 * CLAHE is costly at full resolution: call this on the downscaled working image (PITFALLS.md).
 */
export async function claheLuma(rgb: RawImage, options: ClaheOptions = {}): Promise<RawImage> {
  assertRawImage(rgb);
  if (rgb.channels !== 3) throw new Error('claheLuma needs an RGB image (3 channels)');
  const tile = Math.max(2, Math.min(options.tileSizePx ?? 16, rgb.width, rgb.height));
  const luma = toLuma(rgb);
  const equalized = await sharp(luma.data, { raw: { width: rgb.width, height: rgb.height, channels: 1 } })
    .clahe({ width: tile, height: tile, maxSlope: options.maxSlope ?? 4 })
    .toColourspace('b-w')
    .raw({ depth: 'uchar' })
    .toBuffer({ resolveWithObject: true });
  if (equalized.info.channels !== 1) throw new Error(`clahe produced ${equalized.info.channels} channels`);
  const before = uint8View(luma.data);
  const after = uint8View(equalized.data);
  const src = uint8View(rgb.data);
  const out = Buffer.allocUnsafe(src.length);
  for (let p = 0, i = 0; p < before.length; p += 1, i += 3) {
    // +0.5 keeps black pixels finite; a pure-black pixel takes the equalized grey value on every channel.
    const gain = ((after[p] as number) + 0.5) / ((before[p] as number) + 0.5);
    out[i] = Math.min(255, Math.round(((src[i] as number) + 0.5) * gain - 0.5));
    out[i + 1] = Math.min(255, Math.round(((src[i + 1] as number) + 0.5) * gain - 0.5));
    out[i + 2] = Math.min(255, Math.round(((src[i + 2] as number) + 0.5) * gain - 0.5));
  }
  return { data: out, width: rgb.width, height: rgb.height, channels: 3 };
}
