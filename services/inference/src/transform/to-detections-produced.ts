import type {
  DetectionsProduced,
  FallbackRequested,
  ImagePrepared,
  InferenceTimings,
} from '@shelfstream/contracts';
import type { PassedCode } from '@shelfstream/errors';
import type { TierImageResult } from '../model-tier.js';
import type { InferenceReason } from '../reasons.js';
import { type Tier, toInferenceTier } from './tier.js';

/** What a tier knows about the batch an image was part of. */
export interface BatchInfo {
  readonly batchId: string;
  readonly batchSize: number;
  readonly modelId: string;
  readonly modelVersion: string;
}

/**
 * Builds the DetectionsProduced of one image: boxes scaled from the normalized image the tier ran on to the
 * ORIGINAL image's pixels (the contract's coordinate space), SKU from the labels (null for unknown classes and
 * heuristic facings), the fallback reasons the image went through.
 */
export function toDetectionsProduced(input: {
  readonly image: ImagePrepared;
  readonly tier: Tier;
  readonly result: TierImageResult;
  readonly batch: BatchInfo;
  readonly skuOf: (classIndex: number) => string | null;
  readonly fallbackReasons: readonly string[];
  readonly timings: InferenceTimings;
  readonly producedAt: number;
  /** True for the answer to a RescoreRequested (the scorer supersedes the capture's earlier score). */
  readonly rescore?: boolean;
}): DetectionsProduced {
  const { image, result } = input;
  const sx = image.width > 0 ? image.original_width / image.width : 1;
  const sy = image.height > 0 ? image.original_height / image.height : 1;
  return {
    capture_id: image.capture_id,
    store_id: image.store_id,
    aisle: image.aisle,
    fixture_type: image.fixture_type,
    captured_at: image.captured_at,
    device_id: image.device_id,
    planogram_version: image.planogram_version,
    route: image.route,
    blob_uri: image.blob_uri,
    tier: toInferenceTier(input.tier),
    model_id: input.batch.modelId,
    model_version: input.batch.modelVersion,
    batch_id: input.batch.batchId,
    batch_size: input.batch.batchSize,
    image_width: image.original_width,
    image_height: image.original_height,
    detections: result.detections.map((d) => ({
      x1: d.x1 * sx,
      y1: d.y1 * sy,
      x2: d.x2 * sx,
      y2: d.y2 * sy,
      sku: d.classIndex < 0 ? null : input.skuOf(d.classIndex),
      class_index: d.classIndex,
      score: d.score,
      shelf_index: d.shelfIndex ?? null,
    })),
    shelf_facings: (result.shelves ?? []).map((s) => ({
      shelf_index: s.shelfIndex,
      y_top: s.yTop * sy,
      y_bottom: s.yBottom * sy,
      facings: s.facings,
      facing_edges: s.facingEdges.map((x) => x * sx),
    })),
    fallback_reasons: [...input.fallbackReasons],
    rescore: input.rescore ?? false,
    timings: input.timings,
    quality: image.quality,
    // Preprocessing's shelf check, passed on for the scorer's UNSCORABLE decision (null from an older producer).
    shelf_lines_found: image.shelf_lines_found ?? null,
    produced_at: input.producedAt,
  };
}

/** Builds the FallbackRequested that hands an image to the next tier. */
export function toFallbackRequested(input: {
  readonly image: ImagePrepared;
  readonly tier: Tier;
  readonly code: InferenceReason | PassedCode;
  readonly detail: string | null;
  readonly previousReasons: readonly string[];
  readonly failedAt: number;
}): FallbackRequested {
  return {
    capture_id: input.image.capture_id,
    image: input.image,
    from_tier: toInferenceTier(input.tier),
    reason_code: input.code,
    reason_detail: input.detail,
    fallback_reasons: [...input.previousReasons, input.code],
    failed_at: input.failedAt,
  };
}
