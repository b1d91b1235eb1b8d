import assert from 'node:assert/strict';
import { it } from 'node:test';
import { isLowConfidence, meanConfidence } from './fallback-decision.js';

it('falls back when the mean confidence is under the threshold, and for an empty answer', () => {
  assert.equal(meanConfidence([0.2, 0.4]), 0.30000000000000004);
  assert.equal(isLowConfidence([0.2, 0.3], 0.3), true);
  assert.equal(isLowConfidence([0.5, 0.3], 0.3), false);
  assert.equal(isLowConfidence([], 0.3), true);
  assert.equal(isLowConfidence([], 0), false, 'threshold 0 disables the rule');
});

it('an empty answer on a photo with shelf lines is an empty shelf, not a fallback', () => {
  assert.equal(isLowConfidence([], 0.3, 3), false);
  assert.equal(isLowConfidence([], 0.3, 0), true, 'no shelf line: the empty answer falls back');
  assert.equal(isLowConfidence([], 0.3, null), true, 'not measured: as before');
  assert.equal(isLowConfidence([0.1, 0.2], 0.3, 3), true, 'weak detections still fall back');
});
