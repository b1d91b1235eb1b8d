import type { CaptureAccepted, CaptureSubmitted } from '@shelfstream/contracts';

/** What the claim check stored. */
export interface StoredImage {
  readonly uri: string;
  readonly sha256: string;
  readonly byteSize: number;
  readonly mime: string;
}

/** The validated record: the submitted metadata plus the claim check (the image bytes stay behind). */
export function toCaptureAccepted(
  submitted: CaptureSubmitted,
  image: StoredImage,
  acceptedAt: number,
): CaptureAccepted {
  return {
    capture_id: submitted.capture_id,
    store_id: submitted.store_id,
    aisle: submitted.aisle,
    fixture_type: submitted.fixture_type,
    captured_at: submitted.captured_at,
    device_id: submitted.device_id,
    planogram_version: submitted.planogram_version,
    source: submitted.source,
    submitted_at: submitted.submitted_at,
    attributes: submitted.attributes,
    blob_uri: image.uri,
    content_sha256: image.sha256,
    content_type: image.mime,
    byte_size: image.byteSize,
    accepted_at: acceptedAt,
  } as CaptureAccepted;
}
