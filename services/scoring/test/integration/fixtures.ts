import type { DetectionsProduced } from '@shelfstream/contracts';
import { idempotencyKey } from '@shelfstream/contracts';
import type { Planogram } from '@shelfstream/planogram';

/** A two-shelf planogram of `storeId`/`aisle` (shelf 0: A x3, B x2; shelf 1: C x2, D x2). */
export function samplePlanogram(storeId: string, aisle: string, version: number): Planogram {
  return {
    store_id: storeId,
    aisle,
    version,
    fixture: 'GONDOLA',
    shelves: [
      {
        facings: [
          { sku: 'SKU-A', facings: 3 },
          { sku: 'SKU-B', facings: 2 + (version > 1 ? 1 : 0) },
        ],
      },
      {
        facings: [
          { sku: 'SKU-C', facings: 2 },
          { sku: 'SKU-D', facings: 2 },
        ],
      },
    ],
    catalog: { 'SKU-A': { brand: 'Acme' }, 'SKU-B': { brand: 'Acme' }, 'SKU-C': { brand: 'Crux' } },
  };
}

/** Boxes standing on two shelves of a 400 px high image, SKUs left to right. */
function boxes(shelf0: readonly string[], shelf1: readonly string[]) {
  const row = (skus: readonly string[], y1: number, y2: number) =>
    skus.map((sku, i) => ({
      x1: 10 + i * 60,
      y1,
      x2: 60 + i * 60,
      y2,
      sku,
      class_index: 0,
      score: 0.9,
      shelf_index: null,
    }));
  return [...row(shelf0, 20, 180), ...row(shelf1, 220, 380)];
}

/** A DetectionsProduced of one capture; `layout` picks perfect shelves, an out-of-stock D, or heuristic boxes. */
export function sampleDetections(
  storeId: string,
  aisle: string,
  i: number,
  options: { version?: string; layout?: 'perfect' | 'missing-d' | 'heuristic'; capturedAt?: number } = {},
): DetectionsProduced {
  const capturedAt = options.capturedAt ?? Date.UTC(2026, 2, 10, 9, 0, 0, i);
  const key = { storeId, aisle, capturedAt, deviceId: `cam-${i}` };
  const layout = options.layout ?? 'perfect';
  const detections =
    layout === 'missing-d'
      ? boxes(['SKU-A', 'SKU-A', 'SKU-A', 'SKU-B', 'SKU-B'], ['SKU-C', 'SKU-C'])
      : layout === 'heuristic'
        ? boxes(['', '', '', '', ''], ['', '', '']).map((d) => ({
            ...d,
            sku: null,
            class_index: -1,
            score: 1,
          }))
        : boxes(['SKU-A', 'SKU-A', 'SKU-A', 'SKU-B', 'SKU-B'], ['SKU-C', 'SKU-C', 'SKU-D', 'SKU-D']);
  return {
    capture_id: idempotencyKey(key),
    store_id: storeId,
    aisle,
    fixture_type: 'GONDOLA',
    captured_at: capturedAt,
    device_id: key.deviceId,
    planogram_version: options.version ?? 'v1',
    route: 'gondola',
    blob_uri: `file:///tmp/blobs/sha256/${i}`,
    tier: layout === 'heuristic' ? 'HEURISTIC' : 'EDGE',
    model_id: layout === 'heuristic' ? 'heuristic' : 'shelf-yolo-gondola',
    model_version: 'test',
    batch_id: 'batch-1',
    batch_size: 1,
    image_width: 640,
    image_height: 400,
    detections,
    shelf_facings: [],
    fallback_reasons: [],
    rescore: false,
    timings: { queue_ms: 1, fetch_ms: 1, preprocess_ms: 1, inference_ms: 1, postprocess_ms: 1, total_ms: 5 },
    quality: 'OK',
    shelf_lines_found: 2,
    produced_at: capturedAt + 500,
  };
}
