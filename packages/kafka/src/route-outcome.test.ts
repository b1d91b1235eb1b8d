import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deadLetter, type Outcome, ok, retry, StageError, skip } from '@shelfstream/errors';
import { headerString } from './headers.js';
import { type RoutedRecord, type RoutingContext, routeOutcome } from './route-outcome.js';
import type { StageOutput } from './stage-definition.js';
import { decodedRecord } from './test-fixtures/decoded-records.js';

/** Encodes to `#<n>` and keeps the n-th value; topics and header values script the failures AvroCodec raises. */
class FakeCodec {
  readonly values: { topic: string; value: unknown }[] = [];

  async encode(topic: string, value: unknown): Promise<Buffer> {
    if (topic === 'unfit') throw new StageError('KAFKA_ENCODE_FAILED', 'does not fit', { retriable: false });
    if (topic === 'buggy') throw new TypeError('cannot read properties of undefined');
    if (topic === 'outage')
      throw new StageError('KAFKA_REGISTRY_UNAVAILABLE', 'registry down', { retriable: true });
    const headers = (value as { original_headers?: Record<string, string> }).original_headers;
    if (headers?.['x-poison'])
      throw new StageError('KAFKA_ENCODE_FAILED', 'bad header', { retriable: false });
    this.values.push({ topic, value });
    return Buffer.from(`#${this.values.length - 1}`);
  }

  /** The value behind an encoded buffer. */
  valueOf(encoded: unknown): Record<string, unknown> {
    const index = Number(String(encoded).slice(1));
    return this.values[index]?.value as Record<string, unknown>;
  }
}

const POLICY = { maxAttempts: 3, initialDelayMs: 100, multiplier: 2, maxDelayMs: 1000, jitter: 0 };

/**
 * Routes `outcome` for a consumed record (`record` as in decodedRecord) at 10 s on the clock, with retry topic
 * `retry`, DLQ `dlq` and 3 attempts. `deadLetter` is the DeadLetter value it sent, asserting it went to the DLQ alone.
 */
async function route(
  outcome: Outcome<StageOutput> | undefined,
  options: { record?: Parameters<typeof decodedRecord>[0]; routing?: Partial<RoutingContext> } = {},
) {
  const codec = new FakeCodec();
  const context: RoutingContext = {
    codec,
    retryTopic: 'retry',
    deadLetterTopic: 'dlq',
    deadLetterStage: 'TEST',
    policy: POLICY,
    now: () => 10_000,
    ...options.routing,
  };
  const routed = await routeOutcome(await decodedRecord(options.record ?? {}), outcome, context);
  const deadLetter = () => {
    assert.deepEqual(
      routed.messages.map((m) => m.topic),
      ['dlq'],
    );
    return codec.valueOf(routed.messages[0]?.message.value);
  };
  return { routed, codec, deadLetter };
}

/** The reason code of a dead-letter disposition. */
function deadLetterCode(routed: RoutedRecord): string | undefined {
  return routed.disposition.kind === 'dead-letter' ? routed.disposition.code : undefined;
}

const isRegistryOutage = (err: unknown) => (err as { code?: unknown }).code === 'KAFKA_REGISTRY_UNAVAILABLE';

test('an ok outcome produces each output on its topic, in order', async () => {
  const outputs = [
    { topic: 'out-a', key: 'k1', value: { n: 1 } },
    { topic: 'out-b', key: 'k2', value: { n: 2 } },
  ];
  const { routed, codec } = await route(ok(...outputs));
  assert.deepEqual(routed.disposition, { kind: 'ok' });
  assert.deepEqual(
    routed.messages.map((m) => [m.topic, m.message.key, codec.valueOf(m.message.value)]),
    [
      ['out-a', 'k1', { n: 1 }],
      ['out-b', 'k2', { n: 2 }],
    ],
  );
});

test('a skipped record produces nothing', async () => {
  const { routed } = await route(skip('DUPLICATE'));
  assert.deepEqual(routed, { messages: [], disposition: { kind: 'skip', code: 'DUPLICATE' } });
});

test('a transient failure with attempts left goes to the retry topic after the policy delay', async () => {
  const error = new Error('db down');
  const { routed } = await route(retry('DB_TIMEOUT', error), { record: { headers: { 'x-attempt': '2' } } });
  assert.deepEqual(routed.disposition, {
    kind: 'retry',
    code: 'DB_TIMEOUT',
    attempt: 2,
    delayMs: 200,
    error,
  });
  assert.equal(routed.messages.length, 1);
  const [sent] = routed.messages;
  assert.equal(sent?.topic, 'retry');
  assert.equal(headerString(sent?.message.headers, 'x-attempt'), '3');
  assert.equal(headerString(sent?.message.headers, 'x-due-ms'), '10200');
});

test('a transient failure on its last attempt is dead-lettered as retriable', async () => {
  const { deadLetter: sent } = await route(retry('DB_TIMEOUT', new Error('db down')), {
    record: { headers: { 'x-attempt': '3' } },
  });
  const value = sent();
  assert.equal(value['reason_code'], 'DB_TIMEOUT');
  assert.equal(value['retriable'], true);
  assert.equal(value['attempts'], 3);
});

test('a stage without a retry topic dead-letters a transient failure at once', async () => {
  const { deadLetter: sent } = await route(retry('DB_TIMEOUT', new Error('db down')), {
    routing: { retryTopic: null },
  });
  assert.equal(sent()['retriable'], true);
});

test('a permanent failure is dead-lettered with its reason code, not retriable', async () => {
  const error = new Error('scripted');
  const { routed, deadLetter: sent } = await route(deadLetter('TEST_PERMANENT', error));
  assert.deepEqual(routed.disposition, {
    kind: 'dead-letter',
    code: 'TEST_PERMANENT',
    attempts: 1,
    error,
    unencodableOutput: false,
  });
  const value = sent();
  assert.equal(value['reason_code'], 'TEST_PERMANENT');
  assert.equal(value['retriable'], false);
  assert.equal(value['dead_lettered_at'], 10_000);
});

test('a record that did not decode is dead-lettered with its decode failure, whatever the stage returned', async () => {
  const { routed, deadLetter: sent } = await route(ok(), { record: { value: 'not json' } });
  assert.equal(deadLetterCode(routed), 'KAFKA_DECODE_FAILED');
  assert.equal(sent()['capture_id'], null);
});

test('a record the stage gave no outcome for is dead-lettered as STAGE_UNHANDLED_ERROR', async () => {
  const { routed } = await route(undefined);
  assert.equal(deadLetterCode(routed), 'STAGE_UNHANDLED_ERROR');
});

test('an output that does not fit its schema dead-letters the input and produces none of the outputs', async () => {
  const { routed, deadLetter: sent } = await route(
    ok({ topic: 'out', key: 'k1', value: {} }, { topic: 'unfit', key: 'k2', value: {} }),
  );
  sent();
  assert.equal(deadLetterCode(routed), 'KAFKA_ENCODE_FAILED');
  assert.equal(routed.disposition.kind === 'dead-letter' && routed.disposition.unencodableOutput, true);
});

test('an encoder error without a reason code dead-letters as KAFKA_ENCODE_FAILED', async () => {
  const { routed } = await route(ok({ topic: 'buggy', key: 'k', value: {} }));
  assert.equal(deadLetterCode(routed), 'KAFKA_ENCODE_FAILED');
});

test('a registry outage while encoding fails the chunk instead of dead-lettering', async () => {
  await assert.rejects(route(ok({ topic: 'outage', key: 'k', value: {} })), isRegistryOutage);
  await assert.rejects(
    route(deadLetter('TEST_PERMANENT', new Error('x')), { routing: { deadLetterTopic: 'outage' } }),
    isRegistryOutage,
  );
});

test('a DeadLetter that cannot be encoded for its headers drops them and says why', async () => {
  const { deadLetter: sent } = await route(deadLetter('TEST_PERMANENT', new Error('scripted')), {
    record: { headers: { 'x-poison': 'yes' } },
  });
  const value = sent();
  assert.deepEqual(value['original_headers'], {});
  assert.equal(value['error_message'], 'scripted (original headers dropped: bad header)');
});
