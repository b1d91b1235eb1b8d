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
 * Decodes (honouring EXIF orientation), resizes with a linear kernel and pads with grey 114 to the model
 * input size; returns interleaved RGB bytes of exactly `inputWidth * inputHeight * 3`.
 */
export async function letterboxImage(
  image: DetectorImage,
  inputWidth: number,
  inputHeight: number,
): Promise<Letterboxed> {
  const source = Buffer.isBuffer(image)
    ? sharp(image).rotate()
    : sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } });
  // Decode once to learn the oriented size; raw stays cheap to resize.
  const decoded = await source.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const g = letterbox(decoded.info.width, decoded.info.height, inputWidth, inputHeight);
  const pad = { r: LETTERBOX_PAD_VALUE, g: LETTERBOX_PAD_VALUE, b: LETTERBOX_PAD_VALUE };
  const rgb = await sharp(decoded.data, {
    raw: { width: decoded.info.width, height: decoded.info.height, channels: decoded.info.channels },
  })
    .resize(g.resizedWidth, g.resizedHeight, { fit: 'fill', kernel: 'linear' })
    .extend({
      top: g.padTop,
      bottom: inputHeight - g.resizedHeight - g.padTop,
      left: g.padLeft,
      right: inputWidth - g.resizedWidth - g.padLeft,
      background: pad,
    })
    .raw()
    .toBuffer();
  return { rgb, geometry: g };
}
