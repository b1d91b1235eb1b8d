import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureAccepted } from '@shelfstream/contracts';
import { toRoute } from './route.js';
import { toImagePrepared } from './to-image-prepared.js';
import { toRecaptureRequest } from './to-recapture-request.js';

const capture: CaptureAccepted = {
  capture_id: 'a'.repeat(64),
  store_id: 'store-7',
  aisle: 'A07',
  fixture_type: 'FREEZER',
  captured_at: 1_700_000_000_000,
  device_id: 'cam-1',
  planogram_version: 'v3',
  source: 'EDGE_DEVICE',
  submitted_at: 1_700_000_000_100,
  attributes: {},
  blob_uri: 'file:///blobs/sha256/original',
  content_sha256: 'original',
  content_type: 'image/jpeg',
  byte_size: 1234,
  accepted_at: 1_700_000_000_200,
};
const metrics = {
  blur_variance: 42,
  mean_luma: 100,
  luma_stddev: 30,
  underexposed_fraction: 0.01,
  overexposed_fraction: 0,
};

test('ImagePrepared carries the capture identity, both URIs, the route and the verdict', () => {
  const prepared = toImagePrepared(capture, {
    blobUri: 'file:///blobs/sha256/normalized',
    width: 1280,
    height: 720,
    originalWidth: 1920,
    originalHeight: 1080,
    metrics,
    verdict: { quality: 'DEGRADED', reasons: ['PREPROCESS_BLURRY'] },
    shelfLinesFound: 3,
    preparedAt: 1_700_000_001_000,
  });
  assert.equal(prepared.capture_id, capture.capture_id);
  assert.equal(prepared.blob_uri, 'file:///blobs/sha256/normalized');
  assert.equal(prepared.original_blob_uri, capture.blob_uri);
  assert.equal(prepared.route, 'freezer');
  assert.equal(prepared.quality, 'DEGRADED');
  assert.deepEqual(prepared.degraded_reasons, ['PREPROCESS_BLURRY']);
  assert.equal(prepared.shelf_lines_found, 3);
  assert.deepEqual(
    [prepared.width, prepared.height, prepared.original_width, prepared.original_height],
    [1280, 720, 1920, 1080],
  );

  const recapture = toRecaptureRequest(prepared, 5);
  assert.deepEqual(recapture, {
    store_id: 'store-7',
    aisle: 'A07',
    fixture_type: 'FREEZER',
    device_id: 'cam-1',
    capture_id: capture.capture_id,
    captured_at: capture.captured_at,
    reasons: ['PREPROCESS_BLURRY'],
    requested_at: 5,
  });
});

test('every fixture type has its own route', () => {
  assert.deepEqual((['GONDOLA', 'ENDCAP', 'FREEZER'] as const).map(toRoute), [
    'gondola',
    'endcap',
    'freezer',
  ]);
});
