import type { CaptureSubmitted } from '@shelfstream/contracts';
import { type CaptureSink, GatewayRejectedError } from '@shelfstream/device-simulator';

/**
 * A sink that keeps trying, as a device with a local queue does while the mesh is down: any failure except a 4xx
 * answer of the gateway (which a device would not retry) is retried with growing pauses (1 s doubling to 10 s) for
 * up to `retryForMs`. A resend after an unclear failure is the same capture (same id): ingestion drops the copy.
 */
export class RetryingSink implements CaptureSink {
  readonly #inner: CaptureSink;
  readonly #retryForMs: number;
  readonly #onRetry: (capture: CaptureSubmitted, error: unknown, attempt: number) => void;
  /** Sends that needed at least one retry. */
  retried = 0;

  constructor(
    inner: CaptureSink,
    options: {
      retryForMs: number;
      onRetry?: (capture: CaptureSubmitted, error: unknown, attempt: number) => void;
    },
  ) {
    this.#inner = inner;
    this.#retryForMs = options.retryForMs;
    this.#onRetry = options.onRetry ?? (() => undefined);
  }

  async send(capture: CaptureSubmitted, image: Buffer, contentType: string): Promise<{ image: string }> {
    const deadline = Date.now() + this.#retryForMs;
    let pauseMs = 1000;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#inner.send(capture, image, contentType);
      } catch (err) {
        if (err instanceof GatewayRejectedError && err.isClientError) throw err;
        if (Date.now() + pauseMs > deadline) throw err;
        if (attempt === 1) this.retried++;
        this.#onRetry(capture, err, attempt);
        await new Promise((r) => setTimeout(r, pauseMs));
        pauseMs = Math.min(10_000, pauseMs * 2);
      }
    }
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}
