import { assertRawImage, type RawImage, uint8View } from './raw-image.js';

/** Options of {@link grayWorldBalance}. */
export interface GrayWorldOptions {
  /** Largest gain applied to one channel (and smallest 1/maxGain), so a scene that is truly one colour is not inverted. @default 2 */
  readonly maxGain?: number;
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
  let red = 0;
  let green = 0;
  let blue = 0;
  for (let i = 0; i < src.length; i += 3) {
    red += src[i] as number;
    green += src[i + 1] as number;
    blue += src[i + 2] as number;
  }
  const pixels = Math.max(1, rgb.width * rgb.height);
  const means = [red / pixels, green / pixels, blue / pixels];
  const grey = (red + green + blue) / (3 * pixels);
  const luts = means.map((m) => {
    const gain = m <= 0 ? maxGain : Math.min(maxGain, Math.max(1 / maxGain, grey / m));
    const lut = new Uint8Array(256);
    for (let v = 0; v < 256; v += 1) lut[v] = Math.min(255, Math.round(v * gain));
    return lut;
  }) as [Uint8Array, Uint8Array, Uint8Array];
  const out = Buffer.allocUnsafe(src.length);
  for (let i = 0; i < src.length; i += 3) {
    out[i] = luts[0][src[i] as number] as number;
    out[i + 1] = luts[1][src[i + 1] as number] as number;
    out[i + 2] = luts[2][src[i + 2] as number] as number;
  }
  return { data: out, width: rgb.width, height: rgb.height, channels: 3 };
}
