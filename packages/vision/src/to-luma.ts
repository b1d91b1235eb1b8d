import { assertRawImage, outputBuffer, type RawImage, uint8View } from './raw-image.js';

/** Options of {@link toLuma}. */
export interface ToLumaOptions {
  /** Where to write the luma: a buffer of width x height bytes. @default a new buffer */
  readonly into?: Buffer;
}

/**
 * The grey (luma) copy of an RGB image, BT.601 weights in fixed point; a grey image is returned as is.
 */
export function toLuma(image: RawImage, options: ToLumaOptions = {}): RawImage {
  assertRawImage(image);
  if (image.channels === 1) return image;
  const src = uint8View(image.data);
  const pixels = image.width * image.height;
  const data = outputBuffer(options.into, pixels);
  const out = uint8View(data);
  for (let i = 0, j = 0; j < pixels; i += 3, j += 1) {
    out[j] = lumaOf(src[i] as number, src[i + 1] as number, src[i + 2] as number);
  }
  return { data, width: image.width, height: image.height, channels: 1 };
}

/** Luma of one RGB pixel: 77 + 150 + 29 = 256, so 0.299 R + 0.587 G + 0.114 B in 8-bit fixed point, rounded. */
export function lumaOf(red: number, green: number, blue: number): number {
  return (red * 77 + green * 150 + blue * 29 + 128) >> 8;
}
