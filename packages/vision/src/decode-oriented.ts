import { StageError } from '@shelfstream/errors';
import sharp from 'sharp';
import { classifyDecodeError } from './classify-decode-error.js';
import { type ImageFormat, sniffImageFormat } from './image-format.js';
import type { RawImage } from './raw-image.js';

/** How strictly the decoder treats damaged pixel data (sharp's `failOn`, least strict first). */
export type DecodeStrictness = 'none' | 'truncated' | 'error' | 'warning';

/** Options of {@link decodeOriented}. */
export interface DecodeOrientedOptions {
  /** Largest width x height the header may declare; larger images are refused before decoding. */
  readonly maxInputPixels: number;
  /** The working copy's long side is at most this (px); smaller images are not enlarged. */
  readonly maxLongSidePx: number;
  /** @default 'error' */
  readonly failOn?: DecodeStrictness;
}

/** An upright RGB working copy of an image and what the original was. */
export interface DecodedImage {
  /** RGB, EXIF orientation applied, long side bounded, alpha flattened onto white, no metadata. */
  readonly image: RawImage;
  readonly format: ImageFormat;
  /** Size of the original after EXIF orientation (px). */
  readonly originalWidth: number;
  readonly originalHeight: number;
}

/**
 * Decodes JPEG/PNG/WebP bytes into an upright, bounded RGB working copy.
 *
 * The header is read first and its pixel count checked, so a decompression bomb is refused without decoding a
 * pixel (sharp's `limitInputPixels` stays on as a second guard). Raw output carries no metadata at all, so nothing
 * (GPS, device serials, maker notes) can reach an encoder downstream.
 *
 * @throws StageError with a `VISION_*` code (never retriable) for unsupported, oversized, truncated or corrupt input.
 */
export async function decodeOriented(bytes: Buffer, options: DecodeOrientedOptions): Promise<DecodedImage> {
  const format = sniffImageFormat(bytes);
  if (format === undefined) {
    throw new StageError('VISION_UNSUPPORTED_FORMAT', 'not a JPEG, PNG or WebP image', { retriable: false });
  }
  const input = { limitInputPixels: options.maxInputPixels, failOn: options.failOn ?? 'error' } as const;
  let originalWidth: number;
  let originalHeight: number;
  try {
    // Header only, no limit here: the pixel count is checked below, deterministically (no libvips message parsing).
    const meta = await sharp(bytes, { ...input, limitInputPixels: false }).metadata();
    originalWidth = meta.autoOrient.width;
    originalHeight = meta.autoOrient.height;
  } catch (err) {
    throw classifyDecodeError(err, 'header', bytes, format);
  }
  if (originalWidth * originalHeight > options.maxInputPixels) {
    throw new StageError(
      'VISION_PIXEL_LIMIT_EXCEEDED',
      `${originalWidth}x${originalHeight} is over the ${options.maxInputPixels} pixel limit`,
      { retriable: false },
    );
  }
  try {
    const { data, info } = await sharp(bytes, { ...input, autoOrient: true })
      .resize({
        width: options.maxLongSidePx,
        height: options.maxLongSidePx,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`decoder produced ${info.channels} channels, expected 3`);
    return {
      image: { data, width: info.width, height: info.height, channels: 3 },
      format,
      originalWidth,
      originalHeight,
    };
  } catch (err) {
    throw classifyDecodeError(err, 'pixels', bytes, format);
  }
}
