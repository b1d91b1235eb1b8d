import { retryAfterMs } from './retry-after.js';

/**
 * The request header that carries the device API key, as `Bearer <key>`. One constant so that a gateway that picks
 * another header (e.g. `x-api-key`) needs a one-line change here.
 */
export const GATEWAY_AUTH_HEADER = 'authorization';

/** The gateway's capture upload route (ingestion service). */
export const CAPTURES_PATH = '/v1/captures';

/** The multipart field that carries the image file. */
export const IMAGE_FIELD = 'image';

/** One capture to upload: the image and the CaptureSubmitted metadata fields, as multipart text fields. */
export interface CaptureUpload {
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
  /** Metadata fields (`store_id`, `aisle`, `captured_at` in epoch ms, ...), sent as multipart fields by name. */
  readonly fields: Readonly<Record<string, string>>;
}

/** How the client behaves under throttling. */
export interface GatewayClientOptions {
  readonly gatewayUrl: string;
  readonly apiKey?: string | undefined;
  /** Retries after the first attempt on 429/502/503/504 or a network error. @default 5 */
  readonly maxRetries?: number;
  /** Backoff when no Retry-After is given: base * 2^retry, in ms. @default 500 */
  readonly baseBackoffMs?: number;
  /** Upper bound of one wait, whatever Retry-After says (ms). @default 60000 */
  readonly maxWaitMs?: number;
  /** Timeout of one HTTP request (ms). @default 30000 */
  readonly requestTimeoutMs?: number;
  /** Injected for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called before each wait, e.g. to tell the operator. */
  readonly onRetry?: (info: { attempt: number; status: number | null; waitMs: number }) => void;
}

/** What became of one upload. */
export interface UploadResult {
  readonly ok: boolean;
  /** Last HTTP status; null when no response came (network error). */
  readonly status: number | null;
  readonly attempts: number;
  /** The gateway's reason code (`code` of a JSON body) or a short description of the failure. */
  readonly detail: string;
  /** Parsed JSON body of the last response, when it was JSON. */
  readonly body?: unknown;
}

const RETRIABLE_STATUS = new Set([429, 502, 503, 504]);

/**
 * Uploads one capture as multipart/form-data to `POST /v1/captures`. 2xx (and 409: already submitted) is success.
 * 429, 502, 503, 504 and network errors are retried up to `maxRetries` times, waiting what `Retry-After` says
 * (capped by `maxWaitMs`) or exponential backoff without it. Any other status is a final failure.
 */
export async function uploadCapture(
  upload: CaptureUpload,
  options: GatewayClientOptions,
): Promise<UploadResult> {
  const maxRetries = options.maxRetries ?? 5;
  const baseBackoffMs = options.baseBackoffMs ?? 500;
  const maxWaitMs = options.maxWaitMs ?? 60_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const url = new URL(CAPTURES_PATH, options.gatewayUrl);
  let attempt = 0;
  for (;;) {
    attempt++;
    let status: number | null = null;
    let retryAfter: string | null = null;
    let detail: string;
    let body: unknown;
    try {
      const response = await fetch(url, {
        method: 'POST',
        body: toFormData(upload),
        headers: options.apiKey ? { [GATEWAY_AUTH_HEADER]: `Bearer ${options.apiKey}` } : {},
        signal: AbortSignal.timeout(options.requestTimeoutMs ?? 30_000),
      });
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      const text = await response.text();
      body = parseJson(text);
      detail = reasonOf(body) ?? `HTTP ${status}`;
      if (response.ok || status === 409) return { ok: true, status, attempts: attempt, detail, body };
      if (!RETRIABLE_STATUS.has(status)) return { ok: false, status, attempts: attempt, detail, body };
    } catch (err) {
      detail = `network error: ${err instanceof Error ? err.message : String(err)}`;
    }
    if (attempt > maxRetries) {
      return {
        ok: false,
        status,
        attempts: attempt,
        detail: `${detail} (gave up after ${attempt} attempts)`,
        body,
      };
    }
    const hinted = retryAfterMs(retryAfter);
    const waitMs = Math.min(maxWaitMs, hinted ?? baseBackoffMs * 2 ** (attempt - 1));
    options.onRetry?.({ attempt, status, waitMs });
    await sleep(waitMs);
  }
}

function toFormData(upload: CaptureUpload): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  // The file goes last: streaming multipart parsers (busboy) see the metadata before the bytes.
  form.append(IMAGE_FIELD, new Blob([upload.bytes], { type: upload.contentType }), upload.fileName);
  return form;
}

function parseJson(text: string): unknown {
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
}

function reasonOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const code = (body as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
