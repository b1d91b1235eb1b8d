import type { ImagePrepared, RescoreRequested } from '@shelfstream/contracts';

/** Pixel size of the normalized image, read from its header. */
export interface ImageSize {
  readonly width: number;
  readonly height: number;
}

/**
 * The ImagePrepared a re-score runs on, so that the batcher and {@link toDetectionsProduced} see what the main lane
 * gives them: the normalized image's size from its header (`normalized`), the ORIGINAL image's size, quality, route,
 * shelf lines and identity from the request. Internal only, never produced: the fields the request does not carry
 * are neutral (original blob = the normalized one, zero quality metrics, no degraded reason, prepared at the
 * request's time).
 */
export function rescoreImage(request: RescoreRequested, normalized: ImageSize): ImagePrepared {
  return {
    capture_id: request.capture_id,
    store_id: request.store_id,
    aisle: request.aisle,
    fixture_type: request.fixture_type,
    captured_at: request.captured_at,
    device_id: request.device_id,
    planogram_version: request.planogram_version,
    blob_uri: request.blob_uri,
    original_blob_uri: request.blob_uri,
    width: normalized.width,
    height: normalized.height,
    original_width: request.image_width,
    original_height: request.image_height,
    quality: request.quality,
    quality_metrics: {
      blur_variance: 0,
      mean_luma: 0,
      luma_stddev: 0,
      underexposed_fraction: 0,
      overexposed_fraction: 0,
    },
    degraded_reasons: [],
    shelf_lines_found: request.shelf_lines_found ?? null,
    route: request.route,
    prepared_at: request.requested_at,
  };
}
