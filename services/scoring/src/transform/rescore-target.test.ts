import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ComplianceScored } from '@shelfstream/contracts';
import { detectionsRecord } from '../../test/unit-fixtures.js';
import { isBetterTier, rescoreTarget, supersededScore, toRescoreRequest } from './rescore-target.js';

test('a lower-tier score is re-scored by REMOTE when tier 1 did not answer', () => {
  for (const code of ['INFERENCE_BREAKER_OPEN', 'INFERENCE_REMOTE_FAILED', 'INFERENCE_REMOTE_TIMEOUT']) {
    assert.equal(rescoreTarget(detectionsRecord({ tier: 'EDGE', fallback_reasons: [code] })), 'REMOTE', code);
    assert.equal(
      rescoreTarget(
        detectionsRecord({ tier: 'HEURISTIC', fallback_reasons: [code, 'INFERENCE_LOW_CONFIDENCE'] }),
      ),
      'REMOTE',
    );
  }
});

test('no re-score when tier 1 answered (badly), for REMOTE scores, and for re-scores themselves', () => {
  assert.equal(
    rescoreTarget(detectionsRecord({ tier: 'EDGE', fallback_reasons: ['INFERENCE_LOW_CONFIDENCE'] })),
    null,
  );
  assert.equal(
    rescoreTarget(detectionsRecord({ tier: 'EDGE', fallback_reasons: ['INFERENCE_REMOTE_REJECTED'] })),
    null,
  );
  // The edge tier's breaker opening after tier 1 answered with low confidence is not tier 1's unavailability.
  assert.equal(
    rescoreTarget(
      detectionsRecord({
        tier: 'HEURISTIC',
        fallback_reasons: ['INFERENCE_LOW_CONFIDENCE', 'INFERENCE_BREAKER_OPEN'],
      }),
    ),
    null,
  );
  assert.equal(rescoreTarget(detectionsRecord({ tier: 'EDGE', fallback_reasons: [] })), null);
  assert.equal(rescoreTarget(detectionsRecord({ tier: 'REMOTE', fallback_reasons: [] })), null);
  assert.equal(
    rescoreTarget(
      detectionsRecord({ tier: 'EDGE', fallback_reasons: ['INFERENCE_BREAKER_OPEN'], rescore: true }),
    ),
    null,
  );
});

test('tiers rank REMOTE over EDGE over HEURISTIC', () => {
  assert.ok(isBetterTier('REMOTE', 'EDGE'));
  assert.ok(isBetterTier('REMOTE', 'HEURISTIC'));
  assert.ok(isBetterTier('EDGE', 'HEURISTIC'));
  assert.ok(!isBetterTier('REMOTE', 'REMOTE'));
  assert.ok(!isBetterTier('EDGE', 'REMOTE'));
});

test('the request carries what tier 1 needs to infer the same image again', () => {
  const d = detectionsRecord({
    tier: 'EDGE',
    fallback_reasons: ['INFERENCE_BREAKER_OPEN'],
    blob_uri: 's3://blobs/n.jpg',
    image_width: 1920,
    image_height: 1080,
    shelf_lines_found: 3,
  });
  assert.deepEqual(toRescoreRequest(d, 'REMOTE'), {
    capture_id: d.capture_id,
    store_id: d.store_id,
    aisle: d.aisle,
    fixture_type: d.fixture_type,
    captured_at: d.captured_at,
    device_id: d.device_id,
    planogram_version: d.planogram_version,
    blob_uri: 's3://blobs/n.jpg',
    route: d.route,
    image_width: 1920,
    image_height: 1080,
    quality: d.quality,
    shelf_lines_found: 3,
    scored_tier: 'EDGE',
    target_tier: 'REMOTE',
    fallback_reasons: ['INFERENCE_BREAKER_OPEN'],
  });
});

test('a superseded score keeps the earlier tier, model, score and time', () => {
  const earlier = {
    tier: 'HEURISTIC',
    model_id: 'heuristic',
    model_version: '2',
    score: 55.5,
    partial: true,
    scored_at: 42,
  } as ComplianceScored;
  assert.deepEqual(supersededScore(earlier), {
    tier: 'HEURISTIC',
    model_id: 'heuristic',
    model_version: '2',
    score: 55.5,
    partial: true,
    scored_at: 42,
  });
});
