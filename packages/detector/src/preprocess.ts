import sharp from 'sharp';
import { LETTERBOX_PAD_VALUE, type LetterboxGeometry, letterbox } from './letterbox.js';

/** An image already decoded to interleaved 8-bit pixels. */
export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA). */
  channels: 3 | 4;
}

/** A detector input: encoded bytes (JPEG, PNG, WebP...) or a decoded raw image. */
export type DetectorImage = Buffer | RawImage;

/** The letterboxed RGB pixels of one image and how they were placed. */
export interface Letterboxed {
  rgb: Buffer;
  geometry: LetterboxGeometry;
}

/**
 * Decodes (honouring EXIF orientation) and resizes with a linear kernel to the size the image takes inside the
 * model input, WITHOUT the padding: `rgb` holds `resizedWidth * resizedHeight * 3` interleaved bytes, to be placed
 * at `padLeft`/`padTop` of the input (see {@link letterboxImage} and {@link letterboxBatch}).
 *
 * Encoded input is read twice, cheaply: the header alone gives the oriented size (hence the {@link letterbox}
 * geometry), then ONE sharp pipeline decodes and resizes. Decoding inside the resizing pipeline lets libvips
 * shrink a JPEG in the DCT while decoding (1/2, 1/4, 1/8) where sharp allows it: 1280x720 -> 416 decodes at
 * 1/2; sharp declines when the integer part of the reduction equals the DCT factor (libjpeg rounding, its
 * pipeline.cc), so 960x540 -> 416 (2.3x) decodes at full size. The padding is not done by libvips: its `extend`
 * cost ~2 ms per image, writing the grey border while filling the tensor costs next to nothing.
 */
export async function resizeForLetterbox(
  image: DetectorImage,
  inputWidth: number,
  inputHeight: number,
): Promise<Letterboxed> {
  let source: sharp.Sharp;
  let width: number;
  let height: number;
  if (Buffer.isBuffer(image)) {
    const meta = await sharp(image).metadata();
    // autoOrient is the size once EXIF orientation is applied (swapped for 90/270 degrees).
    ({ width, height } = meta.autoOrient ?? { width: meta.width ?? 0, height: meta.height ?? 0 });
    source = sharp(image).rotate();
  } else {
    ({ width, height } = image);
    source = sharp(image.data, { raw: { width, height, channels: image.channels } });
  }
  const geometry = letterbox(width, height, inputWidth, inputHeight);
  const rgb = await source
    .resize(geometry.resizedWidth, geometry.resizedHeight, { fit: 'fill', kernel: 'linear' })
    .removeAlpha()
    .raw()
    .toBuffer();
  return { rgb, geometry };
}

/**
 * Decodes (honouring EXIF orientation), resizes with a linear kernel and pads with grey 114 to the model
 * input size; returns interleaved RGB bytes of exactly `inputWidth * inputHeight * 3`.
 */
export async function letterboxImage(
  image: DetectorImage,
  inputWidth: number,
  inputHeight: number,
): Promise<Letterboxed> {
  const { rgb: resized, geometry: g } = await resizeForLetterbox(image, inputWidth, inputHeight);
  const rgb = Buffer.alloc(inputWidth * inputHeight * 3, LETTERBOX_PAD_VALUE);
  const row = g.resizedWidth * 3;
  for (let y = 0; y < g.resizedHeight; y++) {
    resized.copy(rgb, ((g.padTop + y) * inputWidth + g.padLeft) * 3, y * row, (y + 1) * row);
  }
  return { rgb, geometry: g };
}
