import { toCaptureSubmitted } from '@shelfstream/device-simulator';
import type { DemoSession } from '../demo-session.js';

/**
 * Sends clean captures of the session's aisles round-robin over Kafka (inline JPEG, the edge-device path), each
 * with its own capture id: the aisle's scene photo, rendered once by the session, so rendering costs nothing
 * during the measurement. Returns a `send()` that resolves with the capture id once the broker acknowledged it.
 */
export function benchCaptureSender(session: DemoSession): () => Promise<string> {
  const aisles = session.aisles;
  if (aisles.length === 0) throw new Error('the session has no aisles');
  let seq = 0;
  let lastCapturedAt = 0;
  return async () => {
    const aisle = aisles[seq % aisles.length];
    if (!aisle) throw new Error('unreachable: empty aisle list');
    // Strictly increasing so no two captures share an idempotency key (store, aisle, device, time).
    lastCapturedAt = Math.max(Date.now(), lastCapturedAt + 1);
    const capture = toCaptureSubmitted(
      {
        seq: seq++,
        kind: 'ok',
        channel: 'kafka',
        storeId: aisle.storeId,
        aisle: aisle.aisle,
        deviceId: `${aisle.storeId}-cam-1`,
        capturedAt: lastCapturedAt,
        sceneSeed: aisle.sceneSeed,
        planogramVersion: 'v1',
      },
      Date.now(),
      aisle.scene.fixture,
    );
    await session.producer.send([
      {
        topic: session.topics.capturesRaw,
        key: capture.capture_id,
        value: { ...capture, image_bytes: aisle.scene.image, content_type: 'image/jpeg' },
      },
    ]);
    return capture.capture_id;
  };
}
