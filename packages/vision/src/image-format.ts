/** The image formats shelfstream accepts: anything else (SVG, TIFF, HEIC...) is refused before any decoder sees it. */
export type ImageFormat = 'jpeg' | 'png' | 'webp';

/**
 * The format of `bytes` by its magic bytes, or `undefined` when it is not one shelfstream accepts.
 *
 * The gate is on content, never on a declared MIME type or file name: SVG would go through librsvg, which is no
 * place for untrusted files (PITFALLS.md).
 */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (
    bytes.length >= 8 &&
    bytes[0] === 0x89 &&
    bytes[1] === 0x50 &&
    bytes[2] === 0x4e &&
    bytes[3] === 0x47 &&
    bytes[4] === 0x0d &&
    bytes[5] === 0x0a &&
    bytes[6] === 0x1a &&
    bytes[7] === 0x0a
  ) {
    return 'png';
  }
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  return undefined;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}
