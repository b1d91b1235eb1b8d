import type { CaptureSubmitted } from '@shelfstream/contracts';
import type { CaptureSink } from './capture-sink.js';

/** The header carrying the device API key (`Bearer <key>`); the same as `shelfctl submit` sends. */
export const GATEWAY_AUTH_HEADER = 'authorization';

/**
 * Sends captures to the ingestion gateway (`POST /v1/captures`, multipart: the CaptureSubmitted metadata fields,
 * `captured_at` in epoch ms, and the file as `image`). 2xx and 409 count as delivered; 429/503 are retried after
 * Retry-After (seconds) up to `maxRetries` times; anything else throws.
 */
export class HttpCaptureSink implements CaptureSink {
  readonly #url: URL;
  readonly #apiKey: string | undefined;
  readonly #maxRetries: number;

  constructor(options: { gatewayUrl: string; apiKey?: string | undefined; maxRetries?: number }) {
    this.#url = new URL('/v1/captures', options.gatewayUrl);
    this.#apiKey = options.apiKey;
    this.#maxRetries = options.maxRetries ?? 5;
  }

  async send(capture: CaptureSubmitted, image: Buffer, contentType: string): Promise<{ image: string }> {
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
      const response = await fetch(this.#url, {
        method: 'POST',
        body: form,
        headers: this.#apiKey ? { [GATEWAY_AUTH_HEADER]: `Bearer ${this.#apiKey}` } : {},
      });
      const body = await response.text();
      if (response.ok || response.status === 409) return { image: 'http' };
      if ((response.status === 429 || response.status === 503) && attempt < this.#maxRetries) {
        const seconds = Number(response.headers.get('retry-after') ?? '1');
        await new Promise((r) => setTimeout(r, (Number.isFinite(seconds) ? seconds : 1) * 1000));
        continue;
      }
      throw new Error(`gateway answered ${response.status}: ${body.slice(0, 200)}`);
    }
  }

  async close(): Promise<void> {}
}
