import { StageError } from '@shelfstream/errors';
import type { ImageFormat } from './image-format.js';
import type { VisionReasonCode } from './vision-reasons.js';

/** Where decoding failed: reading the header, or decoding the pixels. */
export type DecodePhase = 'header' | 'pixels';

const PIXEL_LIMIT = /exceeds pixel limit/i;

/**
 * Turns an error thrown by sharp while reading an image into a non-retriable {@link StageError} with a vision code.
 *
 * The decision rests on the phase and on the bytes, not on the message: libvips keeps one error buffer per process,
 * so with several images in flight a message can carry another image's error text. A header that cannot be read is
 * corrupt; pixels that fail to decode from a file without its end marker are a truncation.
 */
export function classifyDecodeError(
  err: unknown,
  phase: DecodePhase,
  bytes: Buffer,
  format: ImageFormat,
): StageError {
  const message = err instanceof Error ? err.message : String(err);
  let code: VisionReasonCode = 'VISION_DECODE_FAILED';
  if (phase === 'pixels' && lacksEndMarker(bytes, format)) code = 'VISION_TRUNCATED';
  else if (phase === 'pixels' && PIXEL_LIMIT.test(message)) code = 'VISION_PIXEL_LIMIT_EXCEEDED';
  return new StageError(code, `${phase}: ${message}`, { retriable: false, cause: err });
}

/** True when a file of `format` does not end the way a complete one does (JPEG EOI, PNG IEND, RIFF size). */
export function lacksEndMarker(bytes: Buffer, format: ImageFormat): boolean {
  if (format === 'jpeg') {
    let end = bytes.length;
    // Some encoders pad after EOI with zeros; they do not make the file incomplete.
    while (end > 2 && bytes[end - 1] === 0x00) end -= 1;
    return !(bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9);
  }
  if (format === 'png') {
    return bytes.length < 12 || bytes.toString('latin1', bytes.length - 8, bytes.length - 4) !== 'IEND';
  }
  return bytes.length < 12 || bytes.readUInt32LE(4) + 8 > bytes.length;
}
