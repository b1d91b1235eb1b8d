import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { writeTinyYoloModel } from '../../inference/test/fixtures/tiny-yolo-model.js';
import { INFERENCE_HEADER_LENGTH, SCALED_UINT8_EXTENSION } from './infer-body.js';
import { ModelSession } from './model-session.js';
import { createOipServer } from './oip-server.js';

const dir = mkdtempSync(join(tmpdir(), 'model-server-'));
let session: ModelSession;
let app: ReturnType<typeof createOipServer>;

before(async () => {
  const { modelPath } = writeTinyYoloModel(dir);
  session = await ModelSession.start(modelPath, 1);
  app = createOipServer({ modelName: 'tiny', session, metrics: new Registry(), maxBodyBytes: 1 << 26 });
});
after(async () => {
  await app.close();
  await session.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * Posts a binary-extension infer request (Triton) of one tensor, FP32 or (with `scale`) UINT8; returns the answer's
 * JSON and tensor bytes.
 */
async function inferBinary(data: Float32Array | Uint8Array, shape: number[], id?: string, scale?: number) {
  const datatype = data instanceof Uint8Array ? 'UINT8' : 'FP32';
  const parameters = { binary_data_size: data.byteLength, ...(scale !== undefined ? { scale } : {}) };
  const header = Buffer.from(
    JSON.stringify({
      ...(id !== undefined ? { id } : {}),
      inputs: [{ name: 'images', shape, datatype, parameters }],
      outputs: [{ name: 'output0', parameters: { binary_data: true } }],
    }),
  );
  const res = await app.inject({
    method: 'POST',
    url: '/v2/models/tiny/infer',
    headers: {
      'content-type': 'application/octet-stream',
      [INFERENCE_HEADER_LENGTH]: String(header.length),
    },
    payload: Buffer.concat([header, Buffer.from(data.buffer, data.byteOffset, data.byteLength)]),
  });
  assert.equal(res.statusCode, 200, res.body);
  const length = Number(res.headers[INFERENCE_HEADER_LENGTH]);
  return {
    json: JSON.parse(res.rawPayload.subarray(0, length).toString()),
    tensor: new Float32Array(new Uint8Array(res.rawPayload.subarray(length)).buffer),
  };
}

describe('model server (Open Inference Protocol over a worker-thread ONNX session)', () => {
  it('is ready and describes the model: FP32 [batch,3,32,32] in, [batch,6,1024] out', async () => {
    assert.equal((await app.inject({ url: '/v2/health/ready' })).statusCode, 200);
    const meta = (await app.inject({ url: '/v2/models/tiny' })).json();
    assert.deepEqual(meta.inputs, [{ name: 'images', datatype: 'FP32', shape: [-1, 3, 32, 32] }]);
    assert.deepEqual(meta.outputs, [{ name: 'output0', datatype: 'FP32', shape: [-1, 6, 1024] }]);
    assert.equal((await app.inject({ url: '/v2/models/nope' })).statusCode, 404);
  });

  it('answers /healthz and /readyz like the other services once the model is loaded', async () => {
    const live = await app.inject({ url: '/healthz' });
    assert.equal(live.statusCode, 200);
    assert.deepEqual(live.json(), { status: 'ok' });
    const ready = await app.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 200);
    assert.deepEqual(ready.json(), { status: 'ready', checks: { model: { ok: true } } });
  });

  it('runs a JSON infer request', async () => {
    const data = Array.from({ length: 3 * 32 * 32 }, (_, i) => (i % 7) / 7);
    const res = await app.inject({
      method: 'POST',
      url: '/v2/models/tiny/infer',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        inputs: [{ name: 'images', shape: [1, 3, 32, 32], datatype: 'FP32', data }],
      }),
    });
    assert.equal(res.statusCode, 200, res.body);
    const out = res.json().outputs[0];
    assert.deepEqual(out.shape, [1, 6, 1024]);
    // Channel 3 of the output is channel 0 of the input again (Concat of the input with itself).
    assert.ok(Math.abs(out.data[3 * 1024 + 5] - (data[5] as number)) < 1e-6);
  });

  it('runs a binary-extension infer request of a batch of 2', async () => {
    const data = new Float32Array(2 * 3 * 32 * 32).map((_, i) => (i % 11) / 11);
    const { json, tensor } = await inferBinary(data, [2, 3, 32, 32]);
    assert.deepEqual(json.outputs[0].shape, [2, 6, 1024]);
    assert.equal(tensor.length, 2 * 6 * 1024);
  });

  it('lists the scaled-UINT8 extension and runs bytes as the floats byte * scale', async () => {
    // Spelled out: the remote tier (services/inference, oip-wire.ts) looks for this exact name.
    assert.deepEqual((await app.inject({ url: '/v2' })).json().extensions, [
      'binary_tensor_data',
      'shelfstream_scaled_uint8_input',
    ]);
    assert.equal(SCALED_UINT8_EXTENSION, 'shelfstream_scaled_uint8_input');
    const bytes = new Uint8Array(2 * 3 * 32 * 32).map((_, i) => (i * 37) % 256);
    const { tensor: fromBytes } = await inferBinary(bytes, [2, 3, 32, 32], undefined, 1 / 255);
    const { tensor: fromFloats } = await inferBinary(
      Float32Array.from(bytes, (b) => b * (1 / 255)),
      [2, 3, 32, 32],
    );
    assert.deepEqual(fromBytes, fromFloats);
  });

  it('moves a transferred input to the model thread and reuses its memory for a later body', async () => {
    const memory = session.takeBuffer(3 * 32 * 32 * 4);
    const size = memory.byteLength;
    const data = new Float32Array(memory, 0, 3 * 32 * 32).fill(0.25);
    const reply = await session.run('images', [1, 3, 32, 32], data, { transfer: true });
    assert.equal(reply.ok, true);
    assert.equal(data.byteLength, 0, 'moved, not copied');
    assert.equal(memory.byteLength, 0, 'detached here');
    assert.equal(session.takeBuffer(3 * 32 * 32 * 4).byteLength, size, 'given back after the run');
  });

  it('answers alike whatever the JSON header length (the body reader aligns the tensor after it)', async () => {
    const data = new Float32Array(3 * 32 * 32).map((_, i) => (i % 5) / 5);
    for (const id of ['a', 'ab', 'abc', 'abcd']) {
      const { tensor } = await inferBinary(data, [1, 3, 32, 32], id);
      // Channel 3 of the output is channel 0 of the input again (Concat of the input with itself).
      assert.ok(Math.abs((tensor[3 * 1024 + 7] as number) - (data[7] as number)) < 1e-6, `id ${id}`);
    }
  });

  it('answers 400 to a shape that does not match the data', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v2/models/tiny/infer',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({
        inputs: [{ name: 'images', shape: [1, 3, 32, 32], datatype: 'FP32', data: [1, 2] }],
      }),
    });
    assert.equal(res.statusCode, 400);
  });

  it('reports a missing model as not ready (503) instead of crashing', async () => {
    const missing = await ModelSession.start(join(dir, 'missing.onnx'), 1);
    const down = createOipServer({
      modelName: 'tiny',
      session: missing,
      metrics: new Registry(),
      maxBodyBytes: 1024,
    });
    assert.equal((await down.inject({ url: '/v2/health/ready' })).statusCode, 503);
    // Alive but not ready: the probe restarts nothing, the Service just sends it no traffic.
    assert.equal((await down.inject({ url: '/healthz' })).statusCode, 200);
    const ready = await down.inject({ url: '/readyz' });
    assert.equal(ready.statusCode, 503);
    assert.equal(ready.json().status, 'not-ready');
    assert.equal(ready.json().checks.model.ok, false);
    assert.match(ready.json().checks.model.detail, /model not loaded/);
    const res = await down.inject({
      method: 'POST',
      url: '/v2/models/tiny/infer',
      payload: '{}',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(res.statusCode, 503);
    await down.close();
    await missing.close();
  });
});
