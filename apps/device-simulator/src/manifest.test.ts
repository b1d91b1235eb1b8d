import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Scene } from '@shelfstream/synthetic-shelf';
import { ManifestWriter, parseManifest, toManifestEntry } from './manifest.js';
import type { PlannedCapture } from './mix-plan.js';

const planned: PlannedCapture = {
  seq: 4,
  kind: 'duplicate',
  channel: 'http',
  storeId: 'store-002',
  aisle: 'A03',
  deviceId: 'store-002-cam-1',
  capturedAt: Date.UTC(2026, 0, 1, 8, 0, 0, 5),
  sceneSeed: 99,
  planogramVersion: 'v1',
  duplicateOf: 1,
};
const scene = {
  fixture: 'ENDCAP',
  trueFacings: [[{ sku: 'SKU-1', facings: 3 }]],
  outOfStock: [{ shelf: 0, sku: 'SKU-2', position: 1 }],
  misplaced: [{ shelf: 0, sku: 'SKU-9', boxIndex: 2 }],
} as unknown as Scene;

test('a manifest entry carries the identity, kind and the ground truth of the scene', () => {
  const entry = toManifestEntry(planned, 'abc', scene, { image: 'inline', imageBytes: 1234 });
  assert.equal(entry.captured_at, '2026-01-01T08:00:00.005Z');
  assert.deepEqual(
    [entry.kind, entry.duplicate_of, entry.channel, entry.fixture],
    ['duplicate', 1, 'http', 'ENDCAP'],
  );
  assert.deepEqual(entry.truth, {
    true_facings: [[{ sku: 'SKU-1', facings: 3 }]],
    out_of_stock: [{ shelf: 0, sku: 'SKU-2', position: 1 }],
    misplaced: [{ shelf: 0, sku: 'SKU-9', boxIndex: 2 }],
  });
});

test('the manifest file is one JSON object per line and reads back to the same entries', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'manifest-'));
  try {
    const path = join(dir, 'm.jsonl');
    const writer = new ManifestWriter(path);
    const entries = [0, 1, 2].map((i) =>
      toManifestEntry({ ...planned, seq: i }, `id-${i}`, scene, { image: 'inline', imageBytes: i }),
    );
    for (const e of entries) await writer.write(e);
    await writer.close();
    const text = await readFile(path, 'utf8');
    assert.equal(text.split('\n').length, 4, 'three lines and a final newline');
    assert.deepEqual(parseManifest(text), entries);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
