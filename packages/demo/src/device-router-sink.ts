import type { CaptureSubmitted } from '@shelfstream/contracts';
import type { CaptureSink } from '@shelfstream/device-simulator';

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
 * a corrupt image) is an outcome, `{ image: 'http-rejected:<answer>' }`, not the simulator's abort; a network
 * failure (gateway restarting) is retried every 500 ms for up to `retryForMs`. Other failures throw.
 */
export class RejectionTolerantSink implements CaptureSink {
  readonly #inner: CaptureSink;
  readonly #retryForMs: number;

  constructor(inner: CaptureSink, retryForMs = 60_000) {
    this.#inner = inner;
    this.#retryForMs = retryForMs;
  }

  async send(capture: CaptureSubmitted, image: Buffer, contentType: string): Promise<{ image: string }> {
    const deadline = Date.now() + this.#retryForMs;
    for (;;) {
      try {
        return await this.#inner.send(capture, image, contentType);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (/gateway answered 4\d\d/.test(message) && !/answered 429/.test(message))
          return { image: `${HTTP_REJECTED}:${message.replace(/^.*?answered /, '')}` };
        if (message !== 'fetch failed' || Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
