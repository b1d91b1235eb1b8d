/** Layout of an interleaved raw pixel buffer (as sharp's `.raw()` gives it). */
export interface RawImageInfo {
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA; alpha is dropped). */
  channels: number;
}

/**
 * Writes an interleaved 8-bit RGB(A) image into `target` as planar float32 RGB scaled to 0-1, at image slot
 * `batchIndex` of an `[N, 3, H, W]` tensor. `target` is reused across calls, so a batch allocates nothing.
 *
 * The byte view is built from `(buffer, byteOffset, byteLength)`: Node Buffers from sharp may sit at a
 * non-zero offset in a pooled ArrayBuffer (sharp#2624).
 */
export function toNchwFloat32(
  rgbRaw: Uint8Array,
  info: RawImageInfo,
  target: Float32Array,
  batchIndex = 0,
): Float32Array {
  const { width, height, channels } = info;
  if (channels !== 3 && channels !== 4) throw new RangeError(`expected 3 or 4 channels, got ${channels}`);
  const plane = width * height;
  if (rgbRaw.byteLength < plane * channels)
    throw new RangeError('raw buffer smaller than width*height*channels');
  const base = batchIndex * 3 * plane;
  if (target.length < base + 3 * plane) throw new RangeError('target tensor too small for this batch index');
  const bytes = new Uint8Array(rgbRaw.buffer, rgbRaw.byteOffset, rgbRaw.byteLength);
  const inv = 1 / 255;
  for (let p = 0, s = 0; p < plane; p++, s += channels) {
    target[base + p] = (bytes[s] as number) * inv;
    target[base + plane + p] = (bytes[s + 1] as number) * inv;
    target[base + 2 * plane + p] = (bytes[s + 2] as number) * inv;
  }
  return target;
}
