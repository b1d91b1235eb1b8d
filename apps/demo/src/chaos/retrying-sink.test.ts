import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureSubmitted } from '@shelfstream/contracts';
import { type CaptureSink, GatewayRejectedError } from '@shelfstream/device-simulator';
import { RetryingSink } from './retrying-sink.js';

class FakeSink implements CaptureSink {
  calls = 0;
  constructor(private readonly failures: unknown[]) {}
  async send(): Promise<{ image: string }> {
    this.calls++;
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
    return { image: 'inline' };
  }
  async close(): Promise<void> {}
}

const capture = { capture_id: 'c1' } as CaptureSubmitted;

test('retries a send that failed because the broker was down until it goes through', async () => {
  const inner = new FakeSink([new Error('KafkaJSConnectionError')]);
  const sink = new RetryingSink(inner, { retryForMs: 10_000 });
  assert.deepEqual(await sink.send(capture, Buffer.alloc(0), 'image/jpeg'), { image: 'inline' });
  assert.equal(inner.calls, 2);
  assert.equal(sink.retried, 1);
});

test('passes a 4xx of the gateway through at once, as a device would not retry it', async () => {
  const inner = new FakeSink([new GatewayRejectedError(400, 'INGEST_IMAGE_TRUNCATED')]);
  const sink = new RetryingSink(inner, { retryForMs: 10_000 });
  await assert.rejects(sink.send(capture, Buffer.alloc(0), 'image/jpeg'), GatewayRejectedError);
  assert.equal(inner.calls, 1);
});

test('gives up once the retry time is spent', async () => {
  const inner = new FakeSink([new Error('down'), new Error('down')]);
  const sink = new RetryingSink(inner, { retryForMs: 500 });
  await assert.rejects(sink.send(capture, Buffer.alloc(0), 'image/jpeg'), /down/);
});
