import { assertRawImage, outputBuffer, type RawImage, uint8View } from './raw-image.js';
import { lumaOf } from './to-luma.js';

/** Options of {@link grayWorldBalance}. */
export interface GrayWorldOptions {
  /** Largest gain applied to one channel (and smallest 1/maxGain), so a scene that is truly one colour is not inverted. @default 2 */
  readonly maxGain?: number;
  /**
   * Where to write the balanced pixels: a buffer of the image's size, which may be `rgb.data` itself (in place, no
   * new 3-byte-per-pixel copy). @default a new buffer
   */
  readonly into?: Buffer;
  /**
   * Also write the luma of the balanced image (as {@link toLuma} computes it) into this width x height buffer, in the
   * same pass: a following {@link claheLuma} takes it as its `luma` and skips its own.
   */
  readonly lumaInto?: Buffer;
}

/**
 * Gray-world white balance: scales each RGB channel so that the three channel means become equal (their average),
 * which removes a colour cast from store lighting. Gains are clamped to `[1/maxGain, maxGain]`.
 */
export function grayWorldBalance(rgb: RawImage, options: GrayWorldOptions = {}): RawImage {
  assertRawImage(rgb);
  if (rgb.channels !== 3) throw new Error('grayWorldBalance needs an RGB image (3 channels)');
  const maxGain = options.maxGain ?? 2;
  const src = uint8View(rgb.data);
  const [red, green, blue] = channelSums(src);
  const pixels = Math.max(1, rgb.width * rgb.height);
  const grey = (red + green + blue) / (3 * pixels);
  // One table for the three channels (red at 0, green at 256, blue at 512): fewer arrays in the pixel loop.
  const luts = new Uint8Array(768);
  for (const [c, sum] of [red, green, blue].entries()) {
    const mean = sum / pixels;
    const gain = mean <= 0 ? maxGain : Math.min(maxGain, Math.max(1 / maxGain, grey / mean));
    for (let v = 0; v < 256; v += 1) luts[256 * c + v] = Math.min(255, Math.round(v * gain));
  }
  const data = outputBuffer(options.into, src.length);
  const luma =
    options.lumaInto === undefined ? undefined : uint8View(outputBuffer(options.lumaInto, src.length / 3));
  applyLuts(src, uint8View(data), luts, luma);
  return { data, width: rgb.width, height: rgb.height, channels: 3 };
}

// Each pixel loop is a function of its own: V8 then optimizes it whole and keeps it, where one function holding
// several hot loops was compiled loop by loop and thrown away again at every call.

function channelSums(src: Uint8Array): [number, number, number] {
  let red = 0;
  let green = 0;
  let blue = 0;
  const length = src.length;
  for (let i = 0; i < length; i += 3) {
    red += src[i] as number;
    green += src[i + 1] as number;
    blue += src[i + 2] as number;
  }
  return [red, green, blue];
}

/** Maps each channel through its table; also writes the balanced luma when asked (`luma`). */
function applyLuts(src: Uint8Array, out: Uint8Array, luts: Uint8Array, luma: Uint8Array | undefined): void {
  const length = src.length;
  for (let i = 0, p = 0; i < length; i += 3, p += 1) {
    const r = luts[src[i] as number] as number;
    const g = luts[256 + (src[i + 1] as number)] as number;
    const b = luts[512 + (src[i + 2] as number)] as number;
    out[i] = r;
    out[i + 1] = g;
    out[i + 2] = b;
    if (luma !== undefined) luma[p] = lumaOf(r, g, b);
  }
}
