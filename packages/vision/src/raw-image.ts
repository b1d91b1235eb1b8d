/**
 * An uncompressed 8-bit image: interleaved channels, row-major, no padding between rows.
 * `channels` is 1 for a grey (luma) image and 3 for RGB.
 */
export interface RawImage {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
}

/**
 * A `Uint8Array` over exactly the bytes of `buf`.
 *
 * Buffers from sharp (and small Buffers in general) may sit at a non-zero `byteOffset` inside a pooled
 * ArrayBuffer: `new Uint8Array(buf.buffer)` would read neighbouring memory (sharp#2624). Always go through this.
 */
export function uint8View(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

/** Checks that `data` holds `width * height * channels` bytes; throws (a bug) otherwise. */
export function assertRawImage(image: RawImage): void {
  const expected = image.width * image.height * image.channels;
  if (image.data.byteLength !== expected) {
    throw new Error(
      `raw image ${image.width}x${image.height}x${image.channels} needs ${expected} bytes, has ${image.data.byteLength}`,
    );
  }
}

/**
 * The buffer an operation writes its `byteLength`-byte result into: `into` when given (it may be the input's own
 * buffer, for an in-place operation), else a new one. Throws (a bug) when `into` has another size.
 */
export function outputBuffer(into: Buffer | undefined, byteLength: number): Buffer {
  if (into === undefined) return Buffer.allocUnsafe(byteLength);
  if (into.byteLength !== byteLength) {
    throw new Error(`output buffer has ${into.byteLength} bytes, the result needs ${byteLength}`);
  }
  return into;
}
