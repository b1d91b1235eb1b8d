import { decodeOriented, laplacianVariance, toLuma } from '@shelfstream/vision';

/**
 * Laplacian variance of a JPEG as preprocessing measures it (decoded, long side at most `maxLongSidePx`, luma):
 * below PREPROCESS_BLUR_VARIANCE_MIN (default 100) preprocessing flags the image DEGRADED as blurry.
 */
export async function sceneSharpness(jpeg: Buffer, maxLongSidePx = 1280): Promise<number> {
  const decoded = await decodeOriented(jpeg, { maxInputPixels: 50_000_000, maxLongSidePx, failOn: 'error' });
  return laplacianVariance(toLuma(decoded.image));
}
