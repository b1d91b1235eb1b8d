import { deflateSync } from 'node:zlib';
import type { RawImage } from './raw-image.js';

/**
 * Generated images for tests and benchmarks (no image files in the repository).
 */

/** A deterministic pseudo-random generator (mulberry32) returning [0, 1). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A shelf-like RGB test image: coloured "product" blocks with sharp edges, dark shelf lines and fine noise, so that
 * blur and contrast measures have something to measure. Same seed, same pixels.
 */
export function texturedImage(width: number, height: number, seed = 1): RawImage {
  const next = random(seed);
  const blockW = Math.max(4, Math.round(width / 24));
  const blockH = Math.max(4, Math.round(height / 6));
  const cols = Math.ceil(width / blockW);
  const rows = Math.ceil(height / blockH);
  const colours = Array.from({ length: cols * rows }, () =>
    [next(), next(), next()].map((c) => 40 + c * 180),
  );
  const data = Buffer.allocUnsafe(width * height * 3);
  for (let y = 0; y < height; y += 1) {
    const shelfLine = y % blockH < Math.max(1, Math.round(blockH / 12));
    for (let x = 0; x < width; x += 1) {
      const colour = colours[Math.floor(y / blockH) * cols + Math.floor(x / blockW)] as number[];
      const noise = (next() - 0.5) * 24;
      const i = (y * width + x) * 3;
      for (let c = 0; c < 3; c += 1) {
        const v = shelfLine ? 20 + noise : (colour[c] as number) + noise;
        data[i + c] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
  return { data, width, height, channels: 3 };
}

/**
 * A PNG decompression bomb: a tiny file (about 1 KiB per 1000 rows) whose header declares `width x height`
 * 1-bit grey pixels, all zero.
 */
export function pngBomb(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // greyscale
  const rowBytes = 1 + Math.ceil(width / 8);
  const idat = deflateSync(Buffer.alloc(rowBytes * height), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k += 1) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
