import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError } from 'commander';
import { parseHttpUrl, parsePositiveInt, parseTimeBound } from './parse-options.js';

test('reads a time bound as a duration back from now or as an ISO instant', () => {
  const now = Date.parse('2026-01-02T00:00:00Z');
  assert.equal(parseTimeBound('1h', now), now - 3_600_000);
  assert.equal(parseTimeBound('30m', now), now - 1_800_000);
  assert.equal(parseTimeBound('2d', now), now - 2 * 86_400_000);
  assert.equal(parseTimeBound('2026-01-01T12:00:00Z', now), Date.parse('2026-01-01T12:00:00Z'));
});

test('refuses malformed bounds, numbers and URLs as usage errors', () => {
  assert.throws(() => parseTimeBound('yesterday'), InvalidArgumentError);
  assert.throws(() => parseTimeBound('5'), InvalidArgumentError);
  assert.throws(() => parsePositiveInt('0'), InvalidArgumentError);
  assert.throws(() => parsePositiveInt('2.5'), InvalidArgumentError);
  assert.throws(() => parseHttpUrl('ftp://x'), InvalidArgumentError);
  assert.equal(parseHttpUrl('http://127.0.0.1:8080'), 'http://127.0.0.1:8080');
});
