import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { ImagePrepared } from '@shelfstream/contracts';
import { toDetectionsProduced, toFallbackRequested } from './to-detections-produced.js';

const image = {
  capture_id: 'c1',
  store_id: 's1',
  aisle: 'A01',
  fixture_type: 'GONDOLA',
  captured_at: 1,
  device_id: 'd',
  planogram_version: 'v1',
  blob_uri: 'file:///x',
  original_blob_uri: 'file:///o',
  width: 640,
  height: 480,
  original_width: 1280,
  original_height: 960,
  quality: 'OK',
  quality_metrics: {
    blur_variance: 1,
    mean_luma: 1,
    luma_stddev: 1,
    underexposed_fraction: 0,
    overexposed_fraction: 0,
  },
  degraded_reasons: [],
  shelf_lines_found: 3,
  route: 'GONDOLA',
  prepared_at: 2,
} as ImagePrepared;

it('maps boxes from the normalized image to original pixels and classes to SKUs', () => {
  const out = toDetectionsProduced({
    image,
    tier: 'edge',
    result: { detections: [{ x1: 10, y1: 20, x2: 30, y2: 40, classIndex: 1, score: 0.9 }] },
    batch: { batchId: 'b1', batchSize: 4, modelId: 'm', modelVersion: 'v' },
    skuOf: (i) => (i === 1 ? 'SKU-1' : null),
    fallbackReasons: ['INFERENCE_BREAKER_OPEN'],
    timings: { queue_ms: 0, fetch_ms: 0, preprocess_ms: 0, inference_ms: 0, postprocess_ms: 0, total_ms: 0 },
    producedAt: 3,
  });
  assert.deepEqual(out.detections[0], {
    x1: 20,
    y1: 40,
    x2: 60,
    y2: 80,
    sku: 'SKU-1',
    class_index: 1,
    score: 0.9,
    shelf_index: null,
  });
  assert.equal(out.tier, 'EDGE');
  assert.equal(out.image_width, 1280);
  assert.deepEqual(out.fallback_reasons, ['INFERENCE_BREAKER_OPEN']);
});

it('appends the new reason to the fallback chain', () => {
  const f = toFallbackRequested({
    image,
    tier: 'edge',
    code: 'INFERENCE_MODEL_UNAVAILABLE',
    detail: null,
    previousReasons: ['INFERENCE_BREAKER_OPEN'],
    failedAt: 5,
  });
  assert.deepEqual(f.fallback_reasons, ['INFERENCE_BREAKER_OPEN', 'INFERENCE_MODEL_UNAVAILABLE']);
  assert.equal(f.from_tier, 'EDGE');
});
