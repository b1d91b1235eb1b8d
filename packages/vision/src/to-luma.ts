import { assertRawImage, type RawImage, uint8View } from './raw-image.js';

/**
 * The grey (luma) copy of an RGB image, BT.601 weights in fixed point; a grey image is returned as is.
 */
export function toLuma(image: RawImage): RawImage {
  assertRawImage(image);
  if (image.channels === 1) return image;
  const src = uint8View(image.data);
  const out = Buffer.allocUnsafe(image.width * image.height);
  for (let i = 0, j = 0; j < out.length; i += 3, j += 1) {
    // 77 + 150 + 29 = 256: 0.299 R + 0.587 G + 0.114 B, rounded.
    out[j] =
      ((src[i] as number) * 77 + (src[i + 1] as number) * 150 + (src[i + 2] as number) * 29 + 128) >> 8;
  }
  return { data: out, width: image.width, height: image.height, channels: 1 };
}
