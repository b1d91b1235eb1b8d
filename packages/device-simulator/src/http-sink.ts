import type { CaptureSubmitted } from '@shelfstream/contracts';
import type { CaptureSink } from './capture-sink.js';

/** The header carrying the device API key (`Bearer <key>`); the same as `shelfctl submit` sends. */
export const GATEWAY_AUTH_HEADER = 'authorization';

/** The gateway refused a capture with a status that retrying cannot change (a 4xx other than 429, or a 5xx). */
export class GatewayRejectedError extends Error {
  readonly status: number;
  readonly body: string;

  constructor(status: number, body: string) {
    super(`gateway answered ${status}: ${body.slice(0, 200)}`);
    this.name = 'GatewayRejectedError';
    this.status = status;
    this.body = body;
  }

  /** A 4xx: the capture itself was refused (bad image, bad metadata, unknown device), not the gateway broken. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

/**
 * Sends captures to the ingestion gateway (`POST /v1/captures`, multipart: the CaptureSubmitted metadata fields,
 * `captured_at` in epoch ms, and the file as `image`), as a device app would: 2xx and 409 count as delivered;
 * 429/503 are retried after Retry-After (seconds) up to `maxRetries` times; a network failure (gateway restarting,
 * connection refused) is retried with growing pauses for up to `networkRetryForMs`; any other answer throws a
 * {@link GatewayRejectedError}.
 */
export class HttpCaptureSink implements CaptureSink {
  readonly #url: URL;
  readonly #apiKey: string | undefined;
  readonly #maxRetries: number;
  readonly #networkRetryForMs: number;

  constructor(options: {
    gatewayUrl: string;
    apiKey?: string | undefined;
    maxRetries?: number;
    /** @default 60000 (ms) */
    networkRetryForMs?: number;
  }) {
    this.#url = new URL('/v1/captures', options.gatewayUrl);
    this.#apiKey = options.apiKey;
    this.#maxRetries = options.maxRetries ?? 5;
    this.#networkRetryForMs = options.networkRetryForMs ?? 60_000;
  }

  async send(capture: CaptureSubmitted, image: Buffer, contentType: string): Promise<{ image: string }> {
    const networkDeadline = Date.now() + this.#networkRetryForMs;
    let networkPauseMs = 250;
    for (let attempt = 0; ; attempt++) {
      const form = new FormData();
      for (const name of [
        'capture_id',
        'store_id',
        'aisle',
        'fixture_type',
        'device_id',
        'planogram_version',
      ] as const) {
        form.append(name, capture[name]);
      }
      form.append('captured_at', String(capture.captured_at));
      form.append('image', new Blob([image], { type: contentType }), `${capture.capture_id}.jpg`);
      let response: Response;
      let body: string;
      try {
        response = await fetch(this.#url, {
          method: 'POST',
          body: form,
          headers: this.#apiKey ? { [GATEWAY_AUTH_HEADER]: `Bearer ${this.#apiKey}` } : {},
        });
        body = await response.text();
      } catch (err) {
        // fetch rejects with a TypeError only when no HTTP answer came back (refused, reset, DNS).
        if (!(err instanceof TypeError) || Date.now() + networkPauseMs > networkDeadline) throw err;
        await new Promise((r) => setTimeout(r, networkPauseMs));
        networkPauseMs = Math.min(networkPauseMs * 2, 4000);
        attempt--;
        continue;
      }
      if (response.ok || response.status === 409) return { image: 'http' };
      if ((response.status === 429 || response.status === 503) && attempt < this.#maxRetries) {
        const seconds = Number(response.headers.get('retry-after') ?? '1');
        await new Promise((r) => setTimeout(r, (Number.isFinite(seconds) ? seconds : 1) * 1000));
        continue;
      }
      throw new GatewayRejectedError(response.status, body);
    }
  }

  async close(): Promise<void> {}
}
