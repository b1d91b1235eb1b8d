import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadLabels, parseLabels } from './load-labels.js';

const isInvalid = (err: { code?: string }) => err.code === 'DETECTOR_LABELS_INVALID';

describe('loadLabels', () => {
  it('reads index -> {id, name, brand} ordered by index', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'labels-'));
    const file = join(dir, 'labels.json');
    await writeFile(
      file,
      JSON.stringify({ 1: { id: 'B', name: 'Bee', brand: 'Y' }, 0: { id: 'A', name: 'Ay', brand: 'X' } }),
    );
    assert.deepEqual(await loadLabels(file), [
      { index: 0, id: 'A', name: 'Ay', brand: 'X' },
      { index: 1, id: 'B', name: 'Bee', brand: 'Y' },
    ]);
  });

  it('accepts Ultralytics-style plain names', () => {
    assert.deepEqual(parseLabels({ 0: 'cola' }), [{ index: 0, id: 'cola', name: 'cola', brand: '' }]);
  });

  it('rejects holes, bad keys, missing ids and non-JSON files with DETECTOR_LABELS_INVALID', async () => {
    assert.throws(() => parseLabels({ 0: 'a', 2: 'c' }), isInvalid);
    assert.throws(() => parseLabels({ x: 'a' }), isInvalid);
    assert.throws(() => parseLabels({ 0: { name: 'no id' } }), isInvalid);
    assert.throws(() => parseLabels([]), isInvalid);
    const dir = await mkdtemp(join(tmpdir(), 'labels-'));
    await writeFile(join(dir, 'bad.json'), '{oops');
    await assert.rejects(loadLabels(join(dir, 'bad.json')), isInvalid);
    await assert.rejects(loadLabels(join(dir, 'missing.json')), isInvalid);
  });
});
