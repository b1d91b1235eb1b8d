import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsePlanogramVersion } from './parse-planogram-version.js';

test('reads plain and v-prefixed versions as integers', () => {
  assert.equal(parsePlanogramVersion('3'), 3);
  assert.equal(parsePlanogramVersion('v12'), 12);
  assert.equal(parsePlanogramVersion('V1'), 1);
});

test('rejects versions that are not positive integers', () => {
  for (const bad of ['', 'v', '0', 'v0', '1.5', 'latest', '-2', 'v2-beta']) {
    assert.equal(parsePlanogramVersion(bad), null, bad);
  }
});
