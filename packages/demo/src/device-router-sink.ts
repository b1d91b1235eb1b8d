import type { CaptureSubmitted } from '@shelfstream/contracts';
import { type CaptureSink, GatewayRejectedError } from '@shelfstream/device-simulator';

/**
 * A sink that hands each capture to its device's own sink: the gateway authenticates per device (a key is only
 * valid for its own store and device), so HTTP captures of several devices need one HttpCaptureSink each.
 * `onSend` sees every capture with its image bytes (the demo keeps them for the HTML report).
 */
export class DeviceRouterSink implements CaptureSink {
  readonly #sinks: ReadonlyMap<string, CaptureSink>;
  readonly #onSend: (capture: CaptureSubmitted, image: Buffer) => Promise<void> | void;

  constructor(
    sinks: ReadonlyMap<string, CaptureSink>,
    onSend: (capture: CaptureSubmitted, image: Buffer) => Promise<void> | void = () => undefined,
  ) {
    this.#sinks = sinks;
    this.#onSend = onSend;
  }

  async send(capture: CaptureSubmitted, image: Buffer, contentType: string): Promise<{ image: string }> {
    const sink = this.#sinks.get(capture.device_id) ?? this.#sinks.get('*');
    if (!sink) throw new Error(`no sink for device ${capture.device_id}`);
    await this.#onSend(capture, image);
    return sink.send(capture, image, contentType);
  }

  async close(): Promise<void> {
    for (const sink of new Set(this.#sinks.values())) await sink.close();
  }
}

/** `image` value of a capture the gateway refused with a 4xx (it never entered the mesh). */
export const HTTP_REJECTED = 'http-rejected';

/**
 * Wraps an HTTP sink the way a device app behaves: a 4xx answer of the gateway (e.g. 400 INGEST_IMAGE_TRUNCATED for
 * a corrupt image) is an outcome, `{ image: 'http-rejected:<status>: <answer>' }`, not the simulator's abort.
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
