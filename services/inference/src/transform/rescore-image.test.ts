import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RescoreRequested } from '@shelfstream/contracts';
import { rescoreImage } from './rescore-image.js';

const request: RescoreRequested = {
  capture_id: 'c1',
  store_id: 's1',
  aisle: 'A07',
  fixture_type: 'FREEZER',
  captured_at: 1000,
  device_id: 'robot-2',
  planogram_version: 'v9',
  blob_uri: 'file:///blobs/sha256/ab',
  route: 'FREEZER',
  image_width: 4000,
  image_height: 3000,
  quality: 'DEGRADED',
  shelf_lines_found: 5,
  scored_tier: 'HEURISTIC',
  target_tier: 'REMOTE',
  fallback_reasons: ['INFERENCE_BREAKER_OPEN', 'INFERENCE_MODEL_UNAVAILABLE'],
  requested_at: 2000,
};

test('the normalized size comes from the header, the original size and the rest from the request', () => {
  assert.deepEqual(rescoreImage(request, { width: 960, height: 720 }), {
    capture_id: 'c1',
    store_id: 's1',
    aisle: 'A07',
    fixture_type: 'FREEZER',
    captured_at: 1000,
    device_id: 'robot-2',
    planogram_version: 'v9',
    blob_uri: 'file:///blobs/sha256/ab',
    original_blob_uri: 'file:///blobs/sha256/ab',
    width: 960,
    height: 720,
    original_width: 4000,
    original_height: 3000,
    quality: 'DEGRADED',
    quality_metrics: {
      blur_variance: 0,
      mean_luma: 0,
      luma_stddev: 0,
      underexposed_fraction: 0,
      overexposed_fraction: 0,
    },
    degraded_reasons: [],
    shelf_lines_found: 5,
    route: 'FREEZER',
    prepared_at: 2000,
  });
});

test('an unmeasured shelf-line count stays null', () => {
  assert.equal(
    rescoreImage({ ...request, shelf_lines_found: null }, { width: 1, height: 1 }).shelf_lines_found,
    null,
  );
});
