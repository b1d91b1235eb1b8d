import type { CaptureSubmitted } from '@shelfstream/contracts';
import { GatewayRejectedError } from '@shelfstream/gateway-client';
import type { CaptureSink } from './capture-sink.js';

/** `image` value of a capture the gateway refused with a 4xx (it never entered the mesh). */
export const HTTP_REJECTED = 'http-rejected';

/**
 * The distinct capture ids of manifest entries that entered the mesh: a duplicate shares its original's id, and a
 * capture the gateway refused (`HTTP_REJECTED`) never reached a topic.
 */
export function capturesInMesh(entries: readonly { capture_id: string; image: string }[]): string[] {
  return [...new Set(entries.filter((e) => !e.image.startsWith(HTTP_REJECTED)).map((e) => e.capture_id))];
}

/**
 * Wraps an HTTP sink the way a device app behaves: a 4xx answer of the gateway (e.g. 400 INGEST_IMAGE_TRUNCATED for
 * a corrupt image) is an outcome, `{ image: 'http-rejected:<status>: <answer>' }`, not the simulator's abort: the manifest records it.
 * Network failures are the inner sink's to retry (HttpCaptureSink does); anything else throws.
 */
export class RejectionTolerantSink implements CaptureSink {
  readonly #inner: CaptureSink;

  constructor(inner: CaptureSink) {
    this.#inner = inner;
  }

  async send(capture: CaptureSubmitted, image: Buffer, contentType: string): Promise<{ image: string }> {
    try {
      return await this.#inner.send(capture, image, contentType);
    } catch (err) {
      if (err instanceof GatewayRejectedError && err.isClientError)
        return { image: `${HTTP_REJECTED}:${err.status}: ${err.body.slice(0, 200)}` };
      throw err;
    }
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
