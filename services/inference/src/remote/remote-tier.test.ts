import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { OipClient } from './oip-client.js';
import { INFERENCE_HEADER_LENGTH } from './oip-wire.js';
import { RemoteTier } from './remote-tier.js';

/** What the fake server lists at GET /v2 (undefined: it answers 404 there, as a server without the route). */
let extensions: string[] | undefined;
/** When set, the fake server refuses UINT8 inputs with 400, as a server without the extension does. */
let refusesBytes = false;
/** The JSON header and tensor size of every infer request it got. */
let received: {
  header: { inputs: { datatype: string; parameters: Record<string, number> }[] };
  bytes: number;
}[];
let server: FastifyInstance;
let baseUrl: string;
/** Spelled out: the name shelfstream's model server lists (services/model-server, infer-body.ts). */
const SCALED_UINT8 = 'shelfstream_scaled_uint8_input';

before(async () => {
  server = Fastify();
  server.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );
  server.get('/v2', async (_req, reply) =>
    extensions === undefined
      ? reply.code(404).send({ error: 'no such route' })
      : { name: 'fake', extensions },
  );
  server.get('/v2/models/m', async () => ({
    name: 'm',
    versions: ['1'],
    inputs: [{ name: 'images', datatype: 'FP32', shape: [-1, 3, 8, 8] }],
    outputs: [{ name: 'output0', datatype: 'FP32', shape: [-1, 5, 1] }],
  }));
  server.post('/v2/models/m/infer', async (req, reply) => {
    const body = req.body as Buffer;
    const length = Number(req.headers[INFERENCE_HEADER_LENGTH]);
    const request = JSON.parse(body.subarray(0, length).toString());
    received.push({ header: request, bytes: body.length - length });
    if (refusesBytes && request.inputs[0]?.datatype === 'UINT8')
      return reply.code(400).send({ error: 'input datatype must be FP32' });
    // One anchor, one class, score 0: no detection.
    const out = new Float32Array(5);
    const header = Buffer.from(
      JSON.stringify({
        model_version: '1',
        outputs: [
          { name: 'output0', shape: [1, 5, 1], datatype: 'FP32', parameters: { binary_data_size: 20 } },
        ],
      }),
    );
    return reply
      .header(INFERENCE_HEADER_LENGTH, String(header.length))
      .header('content-type', 'application/octet-stream')
      .send(Buffer.concat([header, Buffer.from(out.buffer)]));
  });
  baseUrl = await server.listen({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  await server.close();
});
beforeEach(() => {
  received = [];
  refusesBytes = false;
});

function newTier(): RemoteTier {
  const client = new OipClient({ baseUrl, timeoutMs: 2000, maxRetries: 0, baseDelayMs: 10, maxDelayMs: 10 });
  return new RemoteTier(client, { model: 'm', scoreThreshold: 0.25, iouThreshold: 0.45 });
}

async function runBatch(tier: RemoteTier): Promise<void> {
  const image = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#5a5a5a' } })
    .jpeg()
    .toBuffer();
  const result = await tier.runBatch('default', [image]);
  assert.deepEqual(result.images, [{ detections: [] }]);
}

async function runOnce(): Promise<void> {
  const tier = newTier();
  try {
    await runBatch(tier);
  } finally {
    await tier.close();
  }
}

describe('RemoteTier: the tensor it sends', () => {
  it('sends bytes with a 1/255 scale to a server that lists the scaled-UINT8 extension', async () => {
    extensions = ['binary_tensor_data', SCALED_UINT8];
    await runOnce();
    const input = received[0]?.header.inputs[0];
    assert.equal(input?.datatype, 'UINT8');
    assert.equal(input?.parameters.scale, 1 / 255);
    assert.equal(received[0]?.bytes, 3 * 8 * 8);
  });

  it('sends FP32 to a server without the extension, or without GET /v2', async () => {
    for (const listed of [['binary_tensor_data'], undefined]) {
      extensions = listed;
      received = [];
      await runOnce();
      assert.equal(received[0]?.header.inputs[0]?.datatype, 'FP32', `extensions ${listed}`);
      assert.equal(received[0]?.bytes, 3 * 8 * 8 * 4);
    }
  });

  it('asks the server again after a refusal: a server swapped for one without the extension gets FP32 next', async () => {
    extensions = ['binary_tensor_data', SCALED_UINT8];
    const tier = newTier();
    try {
      await runBatch(tier);
      extensions = ['binary_tensor_data'];
      refusesBytes = true;
      await assert.rejects(
        runBatch(tier),
        (e: Error & { code?: string }) => e.code === 'INFERENCE_REMOTE_REJECTED',
      );
      await runBatch(tier);
      assert.deepEqual(
        received.map((r) => r.header.inputs[0]?.datatype),
        ['UINT8', 'UINT8', 'FP32'],
      );
    } finally {
      await tier.close();
    }
  });
});
