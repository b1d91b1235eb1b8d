import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CaptureSubmitted } from '@shelfstream/contracts';
import type { CaptureSink } from '@shelfstream/device-simulator';
import { DeviceRouterSink } from './device-router-sink.js';

class FakeSink implements CaptureSink {
  readonly sent: string[] = [];
  async send(capture: CaptureSubmitted): Promise<{ image: string }> {
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
