import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confidenceWeight, WEIGHT_UNIT } from './confidence-weight.js';

test('counts a facing in full at and above the confidence floor', () => {
  assert.equal(confidenceWeight(0.5, 0.5), WEIGHT_UNIT);
  assert.equal(confidenceWeight(0.99, 0.5), WEIGHT_UNIT);
  assert.equal(confidenceWeight(7, 0.5), WEIGHT_UNIT);
});

test('counts a facing below the floor in proportion to score / floor, in millionths', () => {
  assert.equal(confidenceWeight(0.3, 0.5), 600_000);
  assert.equal(confidenceWeight(0.1, 0.4), 250_000);
});

test('gives a zero weight to a zero, negative or NaN score', () => {
  assert.equal(confidenceWeight(0), 0);
  assert.equal(confidenceWeight(-1), 0);
  assert.equal(confidenceWeight(Number.NaN), 0);
});

test('never decreases when the score grows', () => {
  let previous = -1;
  for (let score = -0.1; score <= 1.1; score += 0.0007) {
    const w = confidenceWeight(score, 0.37);
    assert.ok(w >= previous, `weight fell at score ${score}`);
    previous = w;
  }
});

test('rejects a floor outside (0, 1]', () => {
  assert.throws(() => confidenceWeight(0.5, 0), RangeError);
  assert.throws(() => confidenceWeight(0.5, 1.5), RangeError);
  assert.throws(() => confidenceWeight(0.5, Number.NaN), RangeError);
});
