import { claheTiled } from './clahe-tiled.js';
import { scratch } from './internal/scratch.js';
import { assertRawImage, outputBuffer, type RawImage, uint8View } from './raw-image.js';
import { toLuma } from './to-luma.js';

/** Options of {@link claheLuma}. */
export interface ClaheOptions {
  /** Side of one CLAHE tile (px of the working image); see {@link claheTiled}. @default 16 */
  readonly tileSizePx?: number;
  /** Contrast limit: the largest slope of a tile's mapping (0 = unlimited adaptive equalization). @default 4 */
  readonly maxSlope?: number;
  /**
   * Where to write the equalized pixels: a buffer of the image's size, which may be `rgb.data` itself (in place, no
   * new 3-byte-per-pixel copy). @default a new buffer
   */
  readonly into?: Buffer;
  /** The luma of `rgb` when the caller has it already (see grayWorldBalance's `lumaInto`). @default computed here */
  readonly luma?: RawImage;
  /**
   * Where to write the equalized luma (width x height bytes), for a caller that measures on it afterwards (the shelf
   * check: CLAHE restores the edges of a dark or soft photo). @default a scratch buffer, overwritten by the next call
   */
  readonly equalizedLumaInto?: Buffer;
}

/**
 * Lighting normalization: tiled CLAHE ({@link claheTiled}) on the luma of an RGB image, then each pixel's RGB scaled
 * by the luma gain, so local contrast rises and hues are kept (equalizing R, G and B separately would shift colours).
 * Linear in the pixels; still, call it on the downscaled working image.
 */
export function claheLuma(rgb: RawImage, options: ClaheOptions = {}): RawImage {
  assertRawImage(rgb);
  if (rgb.channels !== 3) throw new Error('claheLuma needs an RGB image (3 channels)');
  const pixels = rgb.width * rgb.height;
  const luma = options.luma ?? toLuma(rgb, { into: scratch('clahe-luma', pixels) });
  if (luma.width !== rgb.width || luma.height !== rgb.height || luma.channels !== 1) {
    throw new Error('claheLuma: the luma given is not the grey plane of this image');
  }
  const equalized = claheTiled(luma, {
    tileSizePx: options.tileSizePx ?? 16,
    maxSlope: options.maxSlope ?? 4,
    into: options.equalizedLumaInto ?? scratch('clahe-equalized', pixels),
  });
  const data = outputBuffer(options.into, rgb.data.byteLength);
  applyLumaGain(uint8View(rgb.data), uint8View(data), uint8View(luma.data), uint8View(equalized.data));
  return { data, width: rgb.width, height: rgb.height, channels: 3 };
}

/** Scales each pixel's RGB by the gain of its luma, `after / before`; a loop of its own, optimized whole by V8. */
function applyLumaGain(src: Uint8Array, out: Uint8Array, before: Uint8Array, after: Uint8Array): void {
  const pixels = before.length;
  for (let p = 0, i = 0; p < pixels; p += 1, i += 3) {
    // +0.5 keeps black pixels finite; a pure-black pixel takes the equalized grey value on every channel.
    const gain = ((after[p] as number) + 0.5) / ((before[p] as number) + 0.5);
    // round(x - 0.5) is floor(x) for x >= 0, which the Uint8Array store does (it truncates) once x is below 256.
    const r = ((src[i] as number) + 0.5) * gain;
    const g = ((src[i + 1] as number) + 0.5) * gain;
    const b = ((src[i + 2] as number) + 0.5) * gain;
    out[i] = Math.min(r, 255);
    out[i + 1] = Math.min(g, 255);
    out[i + 2] = Math.min(b, 255);
  }
}
