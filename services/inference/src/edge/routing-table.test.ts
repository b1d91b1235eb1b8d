import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadRoutingTable, modelForRoute } from './routing-table.js';

const dir = mkdtempSync(join(tmpdir(), 'routing-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, json: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(json));
  return file;
};

test("the bundled table serves preprocessing's lowercase routes", async () => {
  const bundled = fileURLToPath(new URL('../../../../models/routing.json', import.meta.url));
  const table = await loadRoutingTable(bundled);
  for (const route of ['gondola', 'endcap', 'freezer']) {
    const model = modelForRoute(table, route);
    assert.ok(model?.endsWith('.onnx'), `route ${route}: ${model}`);
    assert.ok(readFileSync(model as string).length > 0);
  }
});

test('routes match whatever their case; model paths are relative to the table', async () => {
  const table = await loadRoutingTable(write('a.json', { GONDOLA: 'g.onnx', endcap: '/abs/e.onnx' }));
  assert.equal(modelForRoute(table, 'gondola'), join(dir, 'g.onnx'));
  assert.equal(modelForRoute(table, 'GONDOLA'), join(dir, 'g.onnx'));
  assert.equal(modelForRoute(table, 'Endcap'), '/abs/e.onnx');
  assert.equal(modelForRoute(table, 'freezer'), undefined);
});

test('a route listed twice in two cases, a non-object or an empty model is refused', async () => {
  await assert.rejects(loadRoutingTable(write('b.json', { GONDOLA: 'a.onnx', gondola: 'b.onnx' })), /twice/);
  await assert.rejects(loadRoutingTable(write('c.json', ['a.onnx'])), TypeError);
  await assert.rejects(loadRoutingTable(write('d.json', { GONDOLA: '' })), /needs a model file/);
});
