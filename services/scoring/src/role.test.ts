import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRole } from './role.js';

test('runs the scorer role unless another role is named', () => {
  assert.equal(parseRole([]), 'scorer');
  assert.equal(parseRole(['--role', 'state-tracker']), 'state-tracker');
  assert.equal(parseRole(['--role=scorer']), 'scorer');
});

test('rejects an unknown role naming the allowed ones', () => {
  assert.throws(() => parseRole(['--role', 'archiver']), /scorer, state-tracker/);
  assert.throws(() => parseRole(['--role']), /got "undefined"/);
});
