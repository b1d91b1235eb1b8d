import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lumaStats } from './luma-stats.js';

test('luma stats report mean, spread and clipped fractions', () => {
  const data = Buffer.from([0, 0, 255, 255, 100, 100, 100, 100]);
  const stats = lumaStats({ data, width: 4, height: 2, channels: 1 });
  assert.equal(stats.mean, (510 + 400) / 8);
  assert.equal(stats.underexposedFraction, 0.25);
  assert.equal(stats.overexposedFraction, 0.25);
  const variance = (2 * 0 + 2 * 255 ** 2 + 4 * 100 ** 2) / 8 - stats.mean ** 2;
  assert.ok(Math.abs(stats.stddev - Math.sqrt(variance)) < 1e-9);
});
