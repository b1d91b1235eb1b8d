import { StageError } from '@shelfstream/errors';
import sharp from 'sharp';
import type { ModelTier, TierBatchResult, TierDetection } from './model-tier.js';
import { InferenceReasons } from './reasons.js';
import { analyzeShelves, HEURISTIC_VERSION } from './transform/heuristic/analyze-shelves.js';
import { toGrey } from './transform/heuristic/grey-image.js';

/** Width the heuristic analyses at (pixels): shelf lines and facings survive the downscale, the cost drops. */
const WORKING_WIDTH = 640;
/** Score given to a heuristic facing box (it has no model confidence). */
const FACING_SCORE = 0.5;

/**
 * Tier 3: no model. Decodes each image to a downscaled RGB working copy (sharp, off the event loop), finds shelves
 * and facings from edge projections, and reports them in the image's pixels: one box per facing with no SKU
 * (class -1) plus the shelf list. Deterministic, and it never falls back.
 */
export class HeuristicTier implements ModelTier {
  readonly tier = 'heuristic' as const;

  async runBatch(_route: string, images: readonly Buffer[]): Promise<TierBatchResult> {
    const t0 = performance.now();
    const results = [];
    for (const image of images) {
      let decoded: { data: Buffer; info: sharp.OutputInfo };
      let scale: number;
      try {
        const meta = await sharp(image).metadata();
        const width = meta.autoOrient?.width ?? meta.width ?? WORKING_WIDTH;
        const target = Math.min(WORKING_WIDTH, width);
        scale = width / target;
        decoded = await sharp(image)
          .rotate()
          .resize(target)
          .removeAlpha()
          .raw()
          .toBuffer({ resolveWithObject: true });
      } catch (cause) {
        throw new StageError('INFERENCE_IMAGE_DECODE_FAILED', 'cannot decode the image', {
          retriable: InferenceReasons.INFERENCE_IMAGE_DECODE_FAILED.retriable,
          cause,
        });
      }
      const grey = toGrey(decoded.data, decoded.info.width, decoded.info.height, decoded.info.channels);
      const shelves = analyzeShelves(grey).map((s) => ({
        ...s,
        yTop: s.yTop * scale,
        yBottom: s.yBottom * scale,
        facingEdges: s.facingEdges.map((x) => x * scale),
      }));
      const detections: TierDetection[] = shelves.flatMap((s) =>
        s.facingEdges.slice(1).map((x2, i) => ({
          x1: s.facingEdges[i] as number,
          y1: s.yTop,
          x2,
          y2: s.yBottom,
          classIndex: -1,
          score: FACING_SCORE,
          shelfIndex: s.shelfIndex,
        })),
      );
      results.push({ detections, shelves });
    }
    const elapsed = performance.now() - t0;
    return {
      images: results,
      modelId: 'heuristic',
      modelVersion: HEURISTIC_VERSION,
      preprocessMs: 0,
      inferenceMs: elapsed,
      postprocessMs: 0,
    };
  }

  async ready(): Promise<{ ok: boolean; detail?: string }> {
    return { ok: true };
  }

  async close(): Promise<void> {}
}
