import { pass, refuse, type Verdict } from './verdict.js';

/** The image types the gate accepts, by magic bytes. */
export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

/** What the gate can see of an image without decoding its pixels. */
export interface ImageFacts {
  readonly mime: ImageMime;
  readonly width: number;
  readonly height: number;
}

/** Limits of {@link sniffImage}. */
export interface SniffLimits {
  /** Most pixels (width x height) a declared image may have: the decompression-bomb guard. */
  readonly maxPixels: number;
}

/**
 * Identifies an image by its magic bytes (never by name or declared type), reads its declared dimensions from the
 * header and checks that the file is complete (JPEG EOI, PNG IEND, WebP RIFF size). Pixels are not decoded here:
 * preprocessing decodes under sharp's `limitInputPixels`.
 */
export function sniffImage(bytes: Buffer, limits: SniffLimits): Verdict<ImageFacts> {
  if (bytes.length === 0) return refuse('INGEST_IMAGE_EMPTY', 'the image has zero bytes');
  let facts: Verdict<ImageFacts>;
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff)
    facts = sniffJpeg(bytes);
  else if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) facts = sniffPng(bytes);
  else if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP')
    facts = sniffWebp(bytes);
  else if (
    bytes.length >= 12 &&
    ascii(bytes, 4, 4) === 'ftyp' &&
    /^(hei[cxms]|hev[cx]|mif1|msf1)$/.test(ascii(bytes, 8, 4))
  )
    return refuse(
      'INGEST_IMAGE_UNSUPPORTED_TYPE',
      'HEIC/HEIF images are not accepted (not decodable by the bundled sharp)',
    );
  else return refuse('INGEST_IMAGE_UNSUPPORTED_TYPE', 'magic bytes are not JPEG, PNG or WebP');
  if (!facts.ok) return facts;
  const { width, height } = facts.value;
  if (width <= 0 || height <= 0) {
    return refuse('INGEST_IMAGE_DIMENSIONS_INVALID', `declared dimensions ${width}x${height} are empty`);
  }
  if (width * height > limits.maxPixels) {
    return refuse(
      'INGEST_IMAGE_DIMENSIONS_INVALID',
      `declared dimensions ${width}x${height} exceed the limit of ${limits.maxPixels} pixels`,
    );
  }
  return facts;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

function ascii(bytes: Buffer, start: number, length: number): string {
  return bytes.toString('latin1', start, start + length);
}

function truncated(what: string): Verdict<never> {
  return refuse('INGEST_IMAGE_TRUNCATED', `${what} ends before its end marker`);
}

function sniffJpeg(bytes: Buffer): Verdict<ImageFacts> {
  let offset = 2;
  let size: { width: number; height: number } | undefined;
  // Walk the marker segments up to the start of scan; the frame header (SOFn) carries the dimensions.
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff)
      return refuse('INGEST_IMAGE_TRUNCATED', `JPEG marker expected at byte ${offset}`);
    const marker = bytes[offset + 1] as number;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    const length = bytes.readUInt16BE(offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length) return truncated('JPEG');
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (length < 7) return truncated('JPEG');
      size = { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    if (marker === 0xda) break;
    offset += 2 + length;
  }
  if (!size) return truncated('JPEG (no frame header)');
  if (!endsWithEoi(bytes)) return truncated('JPEG');
  return pass({ mime: 'image/jpeg', ...size });
}

/** True when the last FF D9 (end of image) sits at the end, allowing zero padding some cameras append. */
function endsWithEoi(bytes: Buffer): boolean {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0x00 && bytes.length - end < 1024) end -= 1;
  return end >= 2 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
}

function sniffPng(bytes: Buffer): Verdict<ImageFacts> {
  if (bytes.length < 33 || ascii(bytes, 12, 4) !== 'IHDR') return truncated('PNG (no IHDR)');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (!bytes.subarray(bytes.length - PNG_IEND.length).equals(PNG_IEND)) return truncated('PNG');
  return pass({ mime: 'image/png', width, height });
}

function sniffWebp(bytes: Buffer): Verdict<ImageFacts> {
  const riffSize = bytes.readUInt32LE(4);
  if (riffSize + 8 > bytes.length) return truncated('WebP');
  if (bytes.length < 30) return truncated('WebP');
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8 ') {
    return pass({
      mime: 'image/webp',
      width: bytes.readUInt16LE(26) & 0x3fff,
      height: bytes.readUInt16LE(28) & 0x3fff,
    });
  }
  if (chunk === 'VP8L') {
    const bits = bytes.readUInt32LE(21);
    return pass({ mime: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 });
  }
  if (chunk === 'VP8X') {
    return pass({
      mime: 'image/webp',
      width: bytes.readUIntLE(24, 3) + 1,
      height: bytes.readUIntLE(27, 3) + 1,
    });
  }
  return refuse('INGEST_IMAGE_UNSUPPORTED_TYPE', `unknown WebP chunk ${JSON.stringify(chunk)}`);
}

/**
 * Checks a submitter's declared content type against the detected one. A missing or generic declaration passes;
 * `image/jpg` is accepted as JPEG.
 */
export function checkDeclaredType(
  declared: string | null | undefined,
  detected: ImageMime,
): Verdict<ImageMime> {
  if (!declared) return pass(detected);
  const base = (declared.split(';')[0] ?? '').trim().toLowerCase();
  if (base === '' || base === 'application/octet-stream') return pass(detected);
  const normalized = base === 'image/jpg' ? 'image/jpeg' : base;
  if (normalized !== detected) {
    return refuse('INGEST_CONTENT_TYPE_MISMATCH', `declared ${base} but the bytes are ${detected}`);
  }
  return pass(detected);
}
