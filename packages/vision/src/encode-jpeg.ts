import sharp from 'sharp';
import { assertRawImage, type RawImage } from './raw-image.js';

/** Options of {@link encodeJpeg}. */
export interface EncodeJpegOptions {
  /** JPEG quality, 1-100. @default 90 */
  readonly quality?: number;
}

/**
 * Encodes a raw image as a baseline JPEG with no metadata at all (no EXIF, XMP, IPTC or ICC: sharp writes none
 * unless asked, and a raw input has none to keep).
 */
export async function encodeJpeg(image: RawImage, options: EncodeJpegOptions = {}): Promise<Buffer> {
  assertRawImage(image);
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } })
    .jpeg({ quality: options.quality ?? 90 })
    .toBuffer();
}
