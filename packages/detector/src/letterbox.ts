import type { Box } from './types.js';

/** How an image was fitted into the square (or rectangular) model input. */
export interface LetterboxGeometry {
  /** Source image size. */
  sourceWidth: number;
  sourceHeight: number;
  /** Model input size. */
  inputWidth: number;
  inputHeight: number;
  /** Uniform scale source -> input. */
  scale: number;
  /** Size of the resized image inside the input. */
  resizedWidth: number;
  resizedHeight: number;
  /** Padding on the left / top, in input pixels (the rest goes right / bottom). */
  padLeft: number;
  padTop: number;
}

/** Pad value of letterboxed pixels (Ultralytics uses grey 114). */
export const LETTERBOX_PAD_VALUE = 114;

/**
 * Letterbox geometry: scale to fit while keeping the aspect ratio, centre, floor the padding. The training
 * recipe (models/train/data.py) uses the same rule, so boxes line up with what the model learnt.
 */
export function letterbox(
  sourceWidth: number,
  sourceHeight: number,
  inputWidth: number,
  inputHeight: number = inputWidth,
): LetterboxGeometry {
  if (sourceWidth <= 0 || sourceHeight <= 0 || inputWidth <= 0 || inputHeight <= 0)
    throw new RangeError('letterbox sizes must be positive');
  const scale = Math.min(inputWidth / sourceWidth, inputHeight / sourceHeight);
  const resizedWidth = Math.min(inputWidth, Math.round(sourceWidth * scale));
  const resizedHeight = Math.min(inputHeight, Math.round(sourceHeight * scale));
  return {
    sourceWidth,
    sourceHeight,
    inputWidth,
    inputHeight,
    scale,
    resizedWidth,
    resizedHeight,
    padLeft: Math.floor((inputWidth - resizedWidth) / 2),
    padTop: Math.floor((inputHeight - resizedHeight) / 2),
  };
}

/** Maps a box from model-input pixels back to source-image pixels, clipped to the image. */
export function toSourceBox<T extends Box>(box: T, g: LetterboxGeometry): T {
  // Multiply before dividing: integer pixel positions then map back without rounding drift.
  const x = (v: number): number =>
    Math.min(g.sourceWidth, Math.max(0, ((v - g.padLeft) * g.sourceWidth) / g.resizedWidth));
  const y = (v: number): number =>
    Math.min(g.sourceHeight, Math.max(0, ((v - g.padTop) * g.sourceHeight) / g.resizedHeight));
  return { ...box, x1: x(box.x1), y1: y(box.y1), x2: x(box.x2), y2: y(box.y2) };
}

/** Maps a box from source-image pixels into model-input pixels (the inverse of {@link toSourceBox}). */
export function toInputBox<T extends Box>(box: T, g: LetterboxGeometry): T {
  const x = (v: number): number => (v * g.resizedWidth) / g.sourceWidth + g.padLeft;
  const y = (v: number): number => (v * g.resizedHeight) / g.sourceHeight + g.padTop;
  return { ...box, x1: x(box.x1), y1: y(box.y1), x2: x(box.x2), y2: y(box.y2) };
}
