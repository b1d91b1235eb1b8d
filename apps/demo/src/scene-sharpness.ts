import { decodeOriented, laplacianVariance, toLuma } from '@shelfstream/vision';

/**
 * Laplacian variance of a JPEG the way preprocessing measures it (decoded, long side at most `maxLongSidePx`, luma).
 * Measured at 1280 px, where the demo's MIN_SCENE_SHARPNESS (150) was calibrated: preprocessing now works at 960 px
 * with PREPROCESS_BLUR_VARIANCE_MIN 200, and every scene scoring >= 150 at 1280 px scores >= 213 at 960 px (160
 * scenes measured, issue 11), so the scenes the demo keeps stay out of the blurry lane.
 */
export async function sceneSharpness(jpeg: Buffer, maxLongSidePx = 1280): Promise<number> {
  const decoded = await decodeOriented(jpeg, { maxInputPixels: 50_000_000, maxLongSidePx, failOn: 'error' });
  return laplacianVariance(toLuma(decoded.image));
}
