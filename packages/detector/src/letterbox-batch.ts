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
  const resized = await Promise.all(images.map((img) => resizeForLetterbox(img, inputWidth, inputHeight)));
  const length = images.length * 3 * inputWidth * inputHeight;
  const tensor =
    target !== undefined && target.length >= length ? target.subarray(0, length) : new Float32Array(length);
  resized.forEach((r, i) => {
    writePlanes(r.rgb, r.geometry, tensor, i);
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
