import type { DetectionsProduced } from '@shelfstream/contracts';
import type { Planogram } from '@shelfstream/planogram';

/** A two-shelf planogram (A x2 on top; B and C below) with brands for A and B, for the scorer's unit tests. */
export const twoShelfPlanogram: Planogram = {
  store_id: 's1',
  aisle: 'A1',
  version: 2,
  fixture: 'GONDOLA',
  shelves: [
    { facings: [{ sku: 'A', facings: 2 }] },
    {
      facings: [
        { sku: 'B', facings: 1 },
        { sku: 'C', facings: 1 },
      ],
    },
  ],
  catalog: { A: { brand: 'Acme' }, B: { brand: 'Bolt' } },
};

/**
 * A DetectionsProduced of capture `c1` for the scorer's unit tests: an EDGE record of a 400x400 image with no
 * detection and 2 shelf lines seen by preprocessing; override the fields a test is about.
 */
export function detectionsRecord(overrides: Partial<DetectionsProduced> = {}): DetectionsProduced {
  return {
    capture_id: 'c1',
    store_id: 's1',
    aisle: 'A1',
    fixture_type: 'GONDOLA',
    captured_at: 1000,
    device_id: 'd1',
    planogram_version: 'v2',
    route: 'gondola',
    blob_uri: 'file:///b',
    tier: 'EDGE',
    model_id: 'm',
    model_version: '1',
    batch_id: 'b',
    batch_size: 1,
    image_width: 400,
    image_height: 400,
    detections: [],
    shelf_facings: [],
    fallback_reasons: [],
    rescore: false,
    timings: { queue_ms: 0, fetch_ms: 0, preprocess_ms: 0, inference_ms: 0, postprocess_ms: 0, total_ms: 0 },
    quality: 'OK',
    shelf_lines_found: 2,
    produced_at: 2000,
    ...overrides,
  };
}
