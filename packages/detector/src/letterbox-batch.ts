import { LETTERBOX_PAD_VALUE, type LetterboxGeometry } from './letterbox.js';
import { type DetectorImage, resizeForLetterbox } from './preprocess.js';

/** A batch ready for the model: one `[N, 3, H, W]` float32 tensor and where each image sits in it. */
export interface LetterboxedBatch {
  /** Planar RGB scaled to 0-1, grey 114 padding; `N * 3 * H * W` values (a view when a larger target was reused). */
  tensor: Float32Array;
  /** Per image, how it was fitted: map boxes back with `toSourceBox`. */
  geometries: LetterboxGeometry[];
}

const INV_255 = 1 / 255;

/**
 * Decodes and letterboxes every image (sharp, in parallel, off the event loop) and writes them into one `[N, 3, H, W]`
 * float32 tensor: the input of a YOLO export. Pass the previous call's tensor as `target` to reuse its memory (it is
 * reallocated only when too small). Rejects with sharp's error when an image cannot be decoded.
 *
 * Values are `byte * (1/255)` and the padding `114 * (1/255)`: the same floats as {@link letterboxImage} followed by
 * `toNchwFloat32`, without building the padded RGB image first.
 */
export async function letterboxBatch(
  images: readonly DetectorImage[],
  inputWidth: number,
  inputHeight: number,
  target?: Float32Array,
): Promise<LetterboxedBatch> {
  const tensor = (n: number) =>
    target !== undefined && target.length >= n ? target.subarray(0, n) : new Float32Array(n);
  return letterboxInto(images, inputWidth, inputHeight, tensor, writePlanes);
}

/** Resizes every image (in parallel), then writes each at its batch slot of the tensor `allocate` gives. */
async function letterboxInto<T extends Float32Array | Uint8Array>(
  images: readonly DetectorImage[],
  inputWidth: number,
  inputHeight: number,
  allocate: (length: number) => T,
  write: (rgb: Uint8Array, g: LetterboxGeometry, target: T, index: number) => void,
): Promise<{ tensor: T; geometries: LetterboxGeometry[] }> {
  const resized = await Promise.all(images.map((img) => resizeForLetterbox(img, inputWidth, inputHeight)));
  const tensor = allocate(images.length * 3 * inputWidth * inputHeight);
  resized.forEach((r, i) => {
    write(r.rgb, r.geometry, tensor, i);
  });
  return { tensor, geometries: resized.map((r) => r.geometry) };
}

/** Writes one resized RGB image at its letterbox place of batch slot `index`, the grey border around it. */
function writePlanes(rgb: Uint8Array, g: LetterboxGeometry, target: Float32Array, index: number): void {
  const { inputWidth: w, resizedWidth: rw, resizedHeight: rh, padLeft, padTop } = g;
  const plane = w * g.inputHeight;
  const base = index * 3 * plane;
  target.fill(LETTERBOX_PAD_VALUE * INV_255, base, base + 3 * plane);
  // sharp's Buffers may sit at a non-zero offset of a pooled ArrayBuffer (sharp#2624).
  const bytes = new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.byteLength);
  for (let y = 0; y < rh; y++) {
    for (let x = 0, d = base + (padTop + y) * w + padLeft, s = y * rw * 3; x < rw; x++, d++, s += 3) {
      target[d] = (bytes[s] as number) * INV_255;
      target[d + plane] = (bytes[s + 1] as number) * INV_255;
      target[d + 2 * plane] = (bytes[s + 2] as number) * INV_255;
    }
  }
}

/** A batch as bytes: one `[N, 3, H, W]` uint8 tensor (planar RGB, grey 114 padding) and where each image sits. */
export interface LetterboxedByteBatch {
  /** `N * 3 * H * W` bytes (a view when a larger target was reused); the model's floats are `byte / 255`. */
  tensor: Uint8Array;
  geometries: LetterboxGeometry[];
}

/**
 * {@link letterboxBatch} without the float conversion: the same planar layout and padding, one byte per value, for a
 * model server that scales bytes to floats itself (a quarter of the bytes to write, send and read).
 */
export async function letterboxByteBatch(
  images: readonly DetectorImage[],
  inputWidth: number,
  inputHeight: number,
  target?: Uint8Array,
): Promise<LetterboxedByteBatch> {
  const tensor = (n: number) =>
    target !== undefined && target.length >= n ? target.subarray(0, n) : new Uint8Array(n);
  return letterboxInto(images, inputWidth, inputHeight, tensor, writeBytePlanes);
}

/** {@link writePlanes} for a uint8 tensor: a loop of its own, so each stays monomorphic for V8. */
function writeBytePlanes(rgb: Uint8Array, g: LetterboxGeometry, target: Uint8Array, index: number): void {
  const { inputWidth: w, resizedWidth: rw, resizedHeight: rh, padLeft, padTop } = g;
  const plane = w * g.inputHeight;
  const base = index * 3 * plane;
  target.fill(LETTERBOX_PAD_VALUE, base, base + 3 * plane);
  const bytes = new Uint8Array(rgb.buffer, rgb.byteOffset, rgb.byteLength);
  for (let y = 0; y < rh; y++) {
    for (let x = 0, d = base + (padTop + y) * w + padLeft, s = y * rw * 3; x < rw; x++, d++, s += 3) {
      target[d] = bytes[s] as number;
      target[d + plane] = bytes[s + 1] as number;
      target[d + 2 * plane] = bytes[s + 2] as number;
    }
  }
}
