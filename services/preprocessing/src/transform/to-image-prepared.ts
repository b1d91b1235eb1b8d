import type { CaptureAccepted, ImagePrepared } from '@shelfstream/contracts';
import type { QualityVerdict } from './quality-verdict.js';
import { toRoute } from './route.js';

/** What preprocessing learned about one capture's image. */
export interface PreparedFacts {
  readonly blobUri: string;
  readonly width: number;
  readonly height: number;
  readonly originalWidth: number;
  readonly originalHeight: number;
  readonly metrics: ImagePrepared['quality_metrics'];
  readonly verdict: QualityVerdict;
  /** Shelf lines found on the working image (0: no shelf structure, the scorer decides UNSCORABLE). */
  readonly shelfLinesFound: number;
  readonly preparedAt: number;
}

/** The ImagePrepared record of a capture: its identity carried over, the normalized image's URI and quality. */
export function toImagePrepared(capture: CaptureAccepted, facts: PreparedFacts): ImagePrepared {
  return {
    capture_id: capture.capture_id,
    store_id: capture.store_id,
    aisle: capture.aisle,
    fixture_type: capture.fixture_type,
    captured_at: capture.captured_at,
    device_id: capture.device_id,
    planogram_version: capture.planogram_version,
    blob_uri: facts.blobUri,
    original_blob_uri: capture.blob_uri,
    width: facts.width,
    height: facts.height,
    original_width: facts.originalWidth,
    original_height: facts.originalHeight,
    quality: facts.verdict.quality,
    quality_metrics: facts.metrics,
    degraded_reasons: [...facts.verdict.reasons],
    shelf_lines_found: facts.shelfLinesFound,
    route: toRoute(capture.fixture_type),
    prepared_at: facts.preparedAt,
  };
}
