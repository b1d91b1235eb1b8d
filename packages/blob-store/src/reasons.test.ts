import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { BlobReasons } from './reasons.js';

const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

test('every blob-store reason code is in the README table with its retriable flag', () => {
  for (const [code, entry] of Object.entries(BlobReasons)) {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
    assert.ok(row, `${code} missing from README`);
    assert.match(row, entry.retriable ? /\| yes \|/ : /\| no \|/, `${code} retriable flag`);
  }
});
