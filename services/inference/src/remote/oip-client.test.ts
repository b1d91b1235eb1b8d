import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { ModelBreaker } from '../model-breaker.js';
import { OipClient } from './oip-client.js';
import { INFERENCE_HEADER_LENGTH } from './oip-wire.js';

/** A fake OIP server whose next answers are scripted per test. */
interface Script {
  answers: ((reply: import('fastify').FastifyReply) => unknown)[];
  calls: number[];
}

const script: Script = { answers: [], calls: [] };
let server: FastifyInstance;
let baseUrl: string;

function okBinary(reply: import('fastify').FastifyReply) {
  const data = new Float32Array([1, 2, 3, 4, 5, 6]);
  const header = Buffer.from(
    JSON.stringify({
      model_name: 'm',
      model_version: '7',
      outputs: [
        { name: 'output0', shape: [1, 6, 1], datatype: 'FP32', parameters: { binary_data_size: 24 } },
      ],
    }),
  );
  return reply
    .header(INFERENCE_HEADER_LENGTH, String(header.length))
    .header('content-type', 'application/octet-stream')
    .send(Buffer.concat([header, Buffer.from(data.buffer)]));
}

before(async () => {
  server = Fastify();
  server.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) =>
    done(null, body),
  );
  server.post('/v2/models/:name/infer', async (_req, reply) => {
    script.calls.push(Date.now());
    const answer = script.answers.shift() ?? okBinary;
    return answer(reply);
  });
  baseUrl = await server.listen({ host: '127.0.0.1', port: 0 });
});
after(async () => {
  await server.close();
});
beforeEach(() => {
  script.answers = [];
  script.calls = [];
});

const input = { name: 'images', shape: [1, 3, 1, 1], data: new Float32Array([0.1, 0.2, 0.3]) };

function client(overrides: Partial<ConstructorParameters<typeof OipClient>[0]> = {}) {
  const sleeps: number[] = [];
  const c = new OipClient({
    baseUrl,
    timeoutMs: 500,
    maxRetries: 2,
    baseDelayMs: 100,
    maxDelayMs: 2000,
    random: () => 1,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...overrides,
  });
  return { c, sleeps };
}

describe('OipClient against a fake OIP server', () => {
  it('decodes a binary-extension answer into the named output tensor', async () => {
    const { c } = client();
    const result = await c.infer('m', input, 'output0');
    assert.deepEqual([...result.output.data], [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(result.output.shape, [1, 6, 1]);
    assert.equal(result.modelVersion, '7');
  });

  it('honours Retry-After on 429 before retrying', async () => {
    script.answers = [(reply) => reply.code(429).header('retry-after', '1').send('slow down')];
    const { c, sleeps } = client();
    await c.infer('m', input, 'output0');
    assert.deepEqual(sleeps, [1000]);
    assert.equal(script.calls.length, 2);
  });

  it('retries 5xx with exponential backoff and gives up with INFERENCE_REMOTE_FAILED', async () => {
    script.answers = [0, 1, 2].map(() => (reply) => reply.code(503).send('down'));
    const { c, sleeps } = client();
    await assert.rejects(c.infer('m', input, 'output0'), (err: { code?: string; status?: number }) => {
      assert.equal(err.code, 'INFERENCE_REMOTE_FAILED');
      assert.equal(err.status, 503);
      return true;
    });
    assert.deepEqual(sleeps, [100, 200]);
    assert.equal(script.calls.length, 3);
  });

  it('does not retry a 4xx and reports INFERENCE_REMOTE_REJECTED', async () => {
    script.answers = [(reply) => reply.code(400).send('bad shape')];
    const { c, sleeps } = client();
    await assert.rejects(c.infer('m', input, 'output0'), { code: 'INFERENCE_REMOTE_REJECTED' });
    assert.deepEqual(sleeps, []);
  });

  it('times out a slow answer per attempt with INFERENCE_REMOTE_TIMEOUT', async () => {
    script.answers = [0, 1].map(() => async (reply) => {
      await new Promise((r) => setTimeout(r, 400));
      return okBinary(reply);
    });
    const { c } = client({ timeoutMs: 100, maxRetries: 1 });
    const started = Date.now();
    await assert.rejects(c.infer('m', input, 'output0'), { code: 'INFERENCE_REMOTE_TIMEOUT' });
    assert.ok(Date.now() - started < 380, 'each attempt was cut at its timeout');
  });

  it('opens the breaker after repeated failures, fails fast while open, and closes after a half-open success', async () => {
    const { c } = client({ maxRetries: 0 });
    const breaker = new ModelBreaker('remote', (i: typeof input) => c.infer('m', i, 'output0'), {
      errorThresholdPercentage: 50,
      resetTimeoutMs: 300,
      volumeThreshold: 3,
    });
    const states: string[] = [];
    breaker.onStateChange((s) => states.push(s));
    script.answers = [0, 1, 2].map(() => (reply) => reply.code(500).send('boom'));
    for (let i = 0; i < 3; i++)
      await assert.rejects(breaker.fire(input), { code: 'INFERENCE_REMOTE_FAILED' });
    assert.equal(breaker.state, 'open');
    const callsBefore = script.calls.length;
    await assert.rejects(breaker.fire(input), { code: 'INFERENCE_BREAKER_OPEN' });
    assert.equal(script.calls.length, callsBefore, 'an open breaker does not call the server');
    await new Promise((r) => setTimeout(r, 350));
    assert.equal(breaker.state, 'half-open');
    const result = await breaker.fire(input);
    assert.equal(result.output.data.length, 6);
    assert.equal(breaker.state, 'closed');
    assert.deepEqual(states, ['open', 'half-open', 'closed']);
    breaker.shutdown();
  });
});
