import { pass, refuse, type Verdict } from './verdict.js';

/** The image types the gate accepts, by magic bytes. */
export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';

const IMAGE_MIMES: ReadonlySet<string> = new Set<ImageMime>(['image/jpeg', 'image/png', 'image/webp']);

/** Whether a content type is exactly one the gate accepts (as the gateway writes it: no parameters, lower case). */
export function isImageMime(type: string | null | undefined): type is ImageMime {
  return type != null && IMAGE_MIMES.has(type);
}

/** What the gate can see of an image without decoding its pixels. */
export interface ImageFacts {
  readonly mime: ImageMime;
  readonly width: number;
  readonly height: number;
  /**
   * How many leading bytes are the image: a JPEG ends at its end-of-image marker, and what phones write after it (a
   * motion photo's video, MPF pictures, vendor trailers) is not part of it. The whole file for PNG and WebP.
   */
  readonly imageBytes: number;
}

/**
 * The part of a sniffed file that is the image, the part to store: a JPEG up to its EOI (a motion photo's video, MPF
 * pictures or a vendor trailer after it are dropped), the whole file otherwise.
 */
export function imagePart(bytes: Buffer, facts: ImageFacts): Buffer {
  return bytes.subarray(0, facts.imageBytes);
}

/** Limits of {@link sniffImage}. */
export interface SniffLimits {
  /** Most pixels (width x height) a declared image may have: the decompression-bomb guard. */
  readonly maxPixels: number;
  /** Shortest side a photo of a shelf may have (pixels). */
  readonly minImageSide: number;
  /** Largest long side / short side ratio (a 20000x8 strip is not a photo). */
  readonly maxAspectRatio: number;
}

/**
 * Identifies an image by its magic bytes (never by name or declared type), reads its declared dimensions from the
 * header, refuses dimensions no shelf photo has, and checks that the file is complete (a JPEG's entropy-coded data
 * reaches its EOI, PNG IEND, WebP RIFF size). Pixels are not decoded here: preprocessing decodes under sharp's
 * `limitInputPixels`.
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
  if (Math.min(width, height) < limits.minImageSide) {
    return refuse(
      'INGEST_IMAGE_DIMENSIONS_DEGENERATE',
      `${width}x${height}: a side is under ${limits.minImageSide} pixels`,
    );
  }
  if (Math.max(width, height) > limits.maxAspectRatio * Math.min(width, height)) {
    return refuse(
      'INGEST_IMAGE_DIMENSIONS_DEGENERATE',
      `${width}x${height}: the long side is over ${limits.maxAspectRatio} times the short one`,
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
  // Walk the marker segments; the frame header (SOFn) carries the dimensions. After each start of scan the
  // entropy-coded data runs to the next marker: EOI ends the image, anything else (a progressive JPEG's next DHT or
  // SOS) is another segment. A segment's length is trusted to skip it, so the EXIF thumbnail inside APP1, with an EOI
  // of its own, is never mistaken for the end.
  while (offset + 2 <= bytes.length) {
    if (bytes[offset] !== 0xff)
      return refuse('INGEST_IMAGE_TRUNCATED', `JPEG marker expected at byte ${offset}`);
    const marker = bytes[offset + 1] as number;
    if (marker === 0xff) {
      offset += 1; // fill byte
      continue;
    }
    if (marker === 0xd9) {
      if (!size) return truncated('JPEG (no frame header)');
      return pass({ mime: 'image/jpeg', ...size, imageBytes: offset + 2 });
    }
    if (offset + 4 > bytes.length) return truncated('JPEG');
    const length = bytes.readUInt16BE(offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length) return truncated('JPEG');
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (length < 7) return truncated('JPEG');
      size = { height: bytes.readUInt16BE(offset + 5), width: bytes.readUInt16BE(offset + 7) };
    }
    offset += 2 + length;
    if (marker === 0xda) offset = endOfEntropyCodedData(bytes, offset);
  }
  return truncated(size ? 'JPEG' : 'JPEG (no frame header)');
}

/**
 * Where a scan's entropy-coded data ends: the first marker that is not a stuffed 0xFF (FF 00) or a restart marker
 * (FF D0-D7). `bytes.length` when the data runs to the end of the file (truncated).
 */
function endOfEntropyCodedData(bytes: Buffer, from: number): number {
  let at = bytes.indexOf(0xff, from);
  while (at !== -1 && at + 1 < bytes.length) {
    const next = bytes[at + 1] as number;
    if (next !== 0x00 && (next < 0xd0 || next > 0xd7) && next !== 0xff) return at;
    at = bytes.indexOf(0xff, next === 0xff ? at + 1 : at + 2);
  }
  return bytes.length;
}

function sniffPng(bytes: Buffer): Verdict<ImageFacts> {
  if (bytes.length < 33 || ascii(bytes, 12, 4) !== 'IHDR') return truncated('PNG (no IHDR)');
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  if (!bytes.subarray(bytes.length - PNG_IEND.length).equals(PNG_IEND)) return truncated('PNG');
  return pass({ mime: 'image/png', width, height, imageBytes: bytes.length });
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
      imageBytes: bytes.length,
    });
  }
  if (chunk === 'VP8L') {
    const bits = bytes.readUInt32LE(21);
    return pass({
      mime: 'image/webp',
      width: (bits & 0x3fff) + 1,
      height: ((bits >> 14) & 0x3fff) + 1,
      imageBytes: bytes.length,
    });
  }
  if (chunk === 'VP8X') {
    return pass({
      mime: 'image/webp',
      width: bytes.readUIntLE(24, 3) + 1,
      height: bytes.readUIntLE(27, 3) + 1,
      imageBytes: bytes.length,
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
