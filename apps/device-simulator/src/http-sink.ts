import type { CaptureSubmitted } from '@shelfstream/contracts';
import { GatewayRejectedError, uploadCapture } from '@shelfstream/gateway-client';
import type { CaptureSink } from './capture-sink.js';

/** The metadata fields a device sends with each photo (besides `captured_at`, sent in epoch ms). */
const METADATA_FIELDS = [
  'capture_id',
  'store_id',
  'aisle',
  'fixture_type',
  'device_id',
  'planogram_version',
] as const;

/**
 * Sends captures to the ingestion gateway through `@shelfstream/gateway-client` (multipart: the CaptureSubmitted
 * metadata fields, `captured_at` in epoch ms, and the file as `image`), as a device app would: 202 accepted and
 * 200 duplicate count as delivered; network errors (gateway restarting, connection refused), 429 and 502/503/504 are
 * retried (Retry-After honoured) for up to `retryForMs` and `maxRetries` retries; any other answer, or a retriable
 * one past that budget, throws a {@link GatewayRejectedError}; no answer at all rethrows the last network error.
 */
export class HttpCaptureSink implements CaptureSink {
  readonly #gatewayUrl: string;
  readonly #apiKey: string | undefined;
  readonly #maxRetries: number;
  readonly #retryForMs: number;

  constructor(options: {
    gatewayUrl: string;
    apiKey?: string | undefined;
    /** @default 20 */
    maxRetries?: number;
    /** Time budget of the retries of one capture (ms). @default 60000 */
    retryForMs?: number;
  }) {
    this.#gatewayUrl = options.gatewayUrl;
    this.#apiKey = options.apiKey;
    this.#maxRetries = options.maxRetries ?? 20;
    this.#retryForMs = options.retryForMs ?? 60_000;
  }

  async send(capture: CaptureSubmitted, image: Buffer, contentType: string): Promise<{ image: string }> {
    const fields: Record<string, string> = {};
    for (const name of METADATA_FIELDS) fields[name] = capture[name];
    fields['captured_at'] = String(capture.captured_at);
    const result = await uploadCapture(
      { fileName: `${capture.capture_id}.jpg`, contentType, bytes: image, fields },
      {
        gatewayUrl: this.#gatewayUrl,
        apiKey: this.#apiKey,
        maxRetries: this.#maxRetries,
        retryForMs: this.#retryForMs,
        // A device polls a restarting gateway briskly: 250 ms doubling to 4 s (Retry-After still wins).
        baseBackoffMs: 250,
        maxBackoffMs: 4000,
      },
    );
    if (result.ok) return { image: 'http' };
    if (result.status === null) throw result.error;
    throw new GatewayRejectedError(result.status, result.text ?? '');
  }

  async close(): Promise<void> {}
}
