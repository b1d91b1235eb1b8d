import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureSubmitted } from '@shelfstream/contracts';
import { type CaptureSink, GatewayRejectedError } from '@shelfstream/device-simulator';
import { DeviceRouterSink, HTTP_REJECTED, RejectionTolerantSink } from './device-router-sink.js';

class FakeSink implements CaptureSink {
  readonly sent: string[] = [];
  constructor(readonly fail?: () => Error) {}
  async send(capture: CaptureSubmitted): Promise<{ image: string }> {
    if (this.fail) throw this.fail();
    this.sent.push(capture.capture_id);
    return { image: 'http' };
  }
  async close(): Promise<void> {}
}

const capture = (deviceId: string) =>
  ({ capture_id: `id-${deviceId}`, device_id: deviceId }) as CaptureSubmitted;

test('routes each capture to its own device sink and reports the image bytes', async () => {
  const a = new FakeSink();
  const b = new FakeSink();
  const seen: string[] = [];
  const router = new DeviceRouterSink(
    new Map([
      ['cam-a', a],
      ['cam-b', b],
    ]),
    (c, image) => void seen.push(`${c.capture_id}:${image.length}`),
  );
  await router.send(capture('cam-b'), Buffer.alloc(3), 'image/jpeg');
  await router.send(capture('cam-a'), Buffer.alloc(1), 'image/jpeg');
  assert.deepEqual(a.sent, ['id-cam-a']);
  assert.deepEqual(b.sent, ['id-cam-b']);
  assert.deepEqual(seen, ['id-cam-b:3', 'id-cam-a:1']);
  await assert.rejects(
    router.send(capture('cam-x'), Buffer.alloc(1), 'image/jpeg'),
    /no sink for device cam-x/,
  );
});

test('a 4xx answer of the gateway is a rejection outcome, other errors still throw', async () => {
  const rejected = new RejectionTolerantSink(
    new FakeSink(() => new GatewayRejectedError(400, '{"code":"INGEST_IMAGE_TRUNCATED"}')),
  );
  const out = await rejected.send(capture('cam-a'), Buffer.alloc(1), 'image/jpeg');
  assert.ok(out.image.startsWith(`${HTTP_REJECTED}:400`), out.image);
  const broken = new RejectionTolerantSink(new FakeSink(() => new GatewayRejectedError(500, 'boom')));
  await assert.rejects(broken.send(capture('cam-a'), Buffer.alloc(1), 'image/jpeg'), /answered 500/);
  // A 4xx spelled in a plain Error's message is not a rejection: only the sink's typed error is.
  const other = new RejectionTolerantSink(new FakeSink(() => new Error('gateway answered 400: x')));
  await assert.rejects(other.send(capture('cam-a'), Buffer.alloc(1), 'image/jpeg'), /answered 400/);
});
