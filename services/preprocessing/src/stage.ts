import type { BlobStore } from '@shelfstream/blob-store';
import { type CaptureAccepted, topicNames } from '@shelfstream/contracts';
import { type Outcome, ok } from '@shelfstream/errors';
import type { StageOutput, StageProcess, StageRecord } from '@shelfstream/kafka';
import type { PreprocessMetrics } from './metrics.js';
import { toStageOutputs } from './output.js';
import type { PreprocessReason } from './reasons.js';
import { toFailureOutcome } from './transform/failure-outcome.js';
import { type PrepareImageOptions, prepareImage } from './transform/prepare-image.js';
import { judgeQuality, type QualityThresholds } from './transform/quality-verdict.js';
import { toImagePrepared } from './transform/to-image-prepared.js';
import { toRecaptureRequest } from './transform/to-recapture-request.js';

/** Dependencies of {@link createStage}. */
export interface StageDeps {
  readonly blobStore: BlobStore;
  readonly namespace: string;
  readonly image: PrepareImageOptions;
  readonly quality: QualityThresholds;
  /** Images in flight at once within a batch. */
  readonly parallelImages: number;
  readonly metrics?: PreprocessMetrics;
  readonly now?: () => number;
}

/**
 * The stage's `process`: for each validated capture, fetch the original from the blob store, prepare it, store the
 * normalized JPEG (content-addressed, so a redone batch writes nothing new) and emit ImagePrepared (+ a recapture
 * request when DEGRADED). Failures become outcomes, never exceptions: transient blob errors retry, the rest
 * dead-letter, and the other records of the batch carry on.
 */
export function createStage(deps: StageDeps): StageProcess<CaptureAccepted> {
  const now = deps.now ?? Date.now;
  const topics = topicNames(deps.namespace);
  const observe = (step: string, ms: number) => deps.metrics?.stepSeconds.observe({ step }, ms / 1000);

  async function one(record: StageRecord<CaptureAccepted>): Promise<Outcome<StageOutput, PreprocessReason>> {
    const capture = record.value;
    try {
      let mark = performance.now();
      const original = await deps.blobStore.get(capture.blob_uri);
      observe('fetch', performance.now() - mark);
      const prepared = await prepareImage(original, deps.image);
      observe('decode', prepared.timings.decodeMs);
      observe('quality', prepared.timings.qualityMs);
      observe('white_balance', prepared.timings.whiteBalanceMs);
      observe('clahe', prepared.timings.claheMs);
      observe('shelf_check', prepared.timings.shelfCheckMs);
      observe('encode', prepared.timings.encodeMs);
      mark = performance.now();
      const stored = await deps.blobStore.put(prepared.jpeg, 'image/jpeg');
      observe('store', performance.now() - mark);
      const verdict = judgeQuality(
        {
          blurVariance: prepared.metrics.blur_variance,
          originalWidth: prepared.originalWidth,
          originalHeight: prepared.originalHeight,
          meanLuma: prepared.metrics.mean_luma,
          lumaStddev: prepared.metrics.luma_stddev,
          overexposedFraction: prepared.metrics.overexposed_fraction,
        },
        deps.quality,
      );
      const at = now();
      const imagePrepared = toImagePrepared(capture, {
        blobUri: stored.uri,
        width: prepared.width,
        height: prepared.height,
        originalWidth: prepared.originalWidth,
        originalHeight: prepared.originalHeight,
        metrics: prepared.metrics,
        verdict,
        shelfLinesFound: prepared.shelfLinesFound,
        preparedAt: at,
      });
      deps.metrics?.images.inc({ quality: verdict.quality });
      const recapture = verdict.quality === 'DEGRADED' ? toRecaptureRequest(imagePrepared, at) : undefined;
      if (recapture)
        record.logger.info({ reasons: verdict.reasons }, 'degraded capture: recapture requested');
      return ok(...toStageOutputs(topics, imagePrepared, recapture));
    } catch (err) {
      return toFailureOutcome(err);
    }
  }

  return async (records) => {
    const outcomes: Outcome<StageOutput>[] = new Array(records.length);
    let next = 0;
    const worker = async () => {
      while (next < records.length) {
        const i = next;
        next += 1;
        outcomes[i] = await one(records[i] as StageRecord<CaptureAccepted>);
      }
    };
    await Promise.all(Array.from({ length: Math.min(deps.parallelImages, records.length) }, worker));
    return outcomes;
  };
}
