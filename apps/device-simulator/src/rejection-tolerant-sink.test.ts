import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureSubmitted } from '@shelfstream/contracts';
import { GatewayRejectedError } from '@shelfstream/gateway-client';
import type { CaptureSink } from './capture-sink.js';
import { capturesInMesh, HTTP_REJECTED, RejectionTolerantSink } from './rejection-tolerant-sink.js';

/** A sink that fails every send with `fail()`. */
class FailingSink implements CaptureSink {
  constructor(readonly fail: () => Error) {}
  async send(): Promise<{ image: string }> {
    throw this.fail();
  }
  async close(): Promise<void> {}
}

const capture = (deviceId: string) =>
  ({ capture_id: `id-${deviceId}`, device_id: deviceId }) as CaptureSubmitted;

test('a 4xx answer of the gateway is a rejection outcome, other errors still throw', async () => {
  const rejected = new RejectionTolerantSink(
    new FailingSink(() => new GatewayRejectedError(400, '{"code":"INGEST_IMAGE_TRUNCATED"}')),
  );
  const out = await rejected.send(capture('cam-a'), Buffer.alloc(1), 'image/jpeg');
  assert.ok(out.image.startsWith(`${HTTP_REJECTED}:400`), out.image);
  const broken = new RejectionTolerantSink(new FailingSink(() => new GatewayRejectedError(500, 'boom')));
  await assert.rejects(broken.send(capture('cam-a'), Buffer.alloc(1), 'image/jpeg'), /answered 500/);
  // A 4xx spelled in a plain Error's message is not a rejection: only the sink's typed error is.
  const other = new RejectionTolerantSink(new FailingSink(() => new Error('gateway answered 400: x')));
  await assert.rejects(other.send(capture('cam-a'), Buffer.alloc(1), 'image/jpeg'), /answered 400/);
});

test('capturesInMesh keeps one id per capture and drops what the gateway refused', () => {
  const entries = [
    { capture_id: 'a', image: 'inline' },
    { capture_id: 'a', image: 'http' },
    { capture_id: 'b', image: `${HTTP_REJECTED}:400: bad` },
    { capture_id: 'c', image: 'http' },
  ];
  assert.deepEqual(capturesInMesh(entries), ['a', 'c']);
});
