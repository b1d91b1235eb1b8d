import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeQuality } from './quality-verdict.js';

const seeds = { blurVarianceMin: 100, minSidePx: 1080 };

test('a sharp full-HD image is OK', () => {
  assert.deepEqual(judgeQuality({ blurVariance: 350, originalWidth: 1920, originalHeight: 1080 }, seeds), {
    quality: 'OK',
    reasons: [],
  });
});

test('blur variance under the threshold is DEGRADED as blurry', () => {
  const verdict = judgeQuality({ blurVariance: 99.9, originalWidth: 4000, originalHeight: 3000 }, seeds);
  assert.deepEqual(verdict, { quality: 'DEGRADED', reasons: ['PREPROCESS_BLURRY'] });
});

test('low resolution needs both sides under the minimum', () => {
  assert.equal(
    judgeQuality({ blurVariance: 500, originalWidth: 1079, originalHeight: 2000 }, seeds).quality,
    'OK',
  );
  assert.deepEqual(
    judgeQuality({ blurVariance: 500, originalWidth: 1079, originalHeight: 1000 }, seeds).reasons,
    ['PREPROCESS_LOW_RESOLUTION'],
  );
});

test('a blurry low-resolution image carries both reasons', () => {
  assert.deepEqual(
    judgeQuality({ blurVariance: 5, originalWidth: 640, originalHeight: 480 }, seeds).reasons,
    ['PREPROCESS_BLURRY', 'PREPROCESS_LOW_RESOLUTION'],
  );
});

test('the thresholds are configurable', () => {
  const strict = { blurVarianceMin: 1000, minSidePx: 2000 };
  assert.equal(
    judgeQuality({ blurVariance: 350, originalWidth: 1920, originalHeight: 1080 }, strict).reasons.length,
    2,
  );
});
