import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ensureClusterId } from './cluster-id.js';

test('nodes prepared concurrently share one cluster id, written once', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cluster-id-'));
  try {
    const file = path.join(dir, 'cluster-id');
    const ids = await Promise.all(
      [1, 2, 3].map(async () => {
        await Promise.resolve();
        return ensureClusterId(file);
      }),
    );
    assert.equal(new Set(ids).size, 1);
    assert.equal(readFileSync(file, 'utf8').trim(), ids[0]);
    assert.equal(ensureClusterId(file), ids[0], 'and kept for later starts');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an empty id file counts as none', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cluster-id-'));
  try {
    const file = path.join(dir, 'cluster-id');
    writeFileSync(file, '\n');
    assert.match(ensureClusterId(file), /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
