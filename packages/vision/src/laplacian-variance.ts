import { assertRawImage, type RawImage, uint8View } from './raw-image.js';

/**
 * Blur score: the variance of the 4-neighbour Laplacian (`[0 1 0; 1 -4 1; 0 1 0]`) over the interior of a grey
 * image. Sharp edges give large responses; blur flattens them, so the score falls as an image gets blurrier.
 * The score depends on the image scale: compare images measured at the same working size.
 *
 * @returns 0 for images smaller than 3x3.
 */
export function laplacianVariance(grey: RawImage): number {
  assertRawImage(grey);
  if (grey.channels !== 1) throw new Error('laplacianVariance needs a grey image (1 channel)');
  const { width, height } = grey;
  if (width < 3 || height < 3) return 0;
  const px = uint8View(grey.data);
  let sum = 0;
  let sumSq = 0;
  for (let y = 1; y < height - 1; y += 1) {
    const row = y * width;
    for (let x = 1; x < width - 1; x += 1) {
      const i = row + x;
      const response =
        (px[i - 1] as number) +
        (px[i + 1] as number) +
        (px[i - width] as number) +
        (px[i + width] as number) -
        4 * (px[i] as number);
      sum += response;
      sumSq += response * response;
    }
  }
  const n = (width - 2) * (height - 2);
  const mean = sum / n;
  return Math.max(0, sumSq / n - mean * mean);
}
