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
