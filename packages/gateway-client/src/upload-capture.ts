import { RETRIABLE_STATUSES, type RetryPolicy, retryWaitMs } from './retry-rule.js';

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

/** Where to send, as whom, and how to retry (see {@link retryWaitMs} for the rule). */
export interface GatewayClientOptions extends RetryPolicy {
  readonly gatewayUrl: string;
  /** The device API key, sent as `authorization: Bearer <key>`; none when undefined. */
  readonly apiKey?: string | undefined;
  /** Timeout of one HTTP request (ms); a timed-out request is a network error. @default 30000 */
  readonly requestTimeoutMs?: number;
  /** Injected for tests. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Called before each wait, e.g. to tell the operator. */
  readonly onRetry?: (info: { attempt: number; status: number | null; waitMs: number }) => void;
}

/**
 * What the gateway made of an upload: `accepted` (202, new), `duplicate` (200, the capture id is already known: a
 * resend is idempotent), or `failed` (any other answer, or no answer within the retry budget).
 */
export type UploadOutcome = 'accepted' | 'duplicate' | 'failed';

/** What became of one upload. */
export interface UploadResult {
  /** True for `accepted` and `duplicate`. */
  readonly ok: boolean;
  readonly outcome: UploadOutcome;
  /** Last HTTP status; null when no response came (network error). */
  readonly status: number | null;
  readonly attempts: number;
  /** The gateway's reason code (`code` of a JSON body), its `status` on success, or a short description. */
  readonly detail: string;
  /** The capture id the gateway answered with (200/202). */
  readonly captureId?: string;
  /** Parsed JSON body of the last response, when it was JSON. */
  readonly body?: unknown;
  /** Raw text of the last response body. */
  readonly text?: string;
  /** The error of the last attempt when no response came. */
  readonly error?: unknown;
}

/**
 * Uploads one capture as multipart/form-data to `POST /v1/captures`, answered as the gateway does: 202 accepted,
 * 200 duplicate. Network errors, 429 and 502/503/504 are retried by the policy's budget (Retry-After honoured);
 * anything else, a 409 included (the gateway never sends one), is a final failure.
 */
export async function uploadCapture(
  upload: CaptureUpload,
  options: GatewayClientOptions,
): Promise<UploadResult> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const url = new URL(CAPTURES_PATH, options.gatewayUrl);
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const answer = await postOnce(url, upload, options);
    if (answer.outcome !== 'failed') return { ...answer, attempts: attempt };
    const waitMs = retryWaitMs(answer, attempt - 1, Date.now() - started, options);
    if (waitMs === undefined) {
      // A retriable failure that ran out of budget says so; a final answer is reported as it came.
      const retriable = answer.status === null || RETRIABLE_STATUSES.has(answer.status);
      const gaveUp = retriable ? ` (gave up after ${attempt} attempts)` : '';
      return { ...answer, attempts: attempt, detail: `${answer.detail}${gaveUp}` };
    }
    options.onRetry?.({ attempt, status: answer.status, waitMs });
    await sleep(waitMs);
  }
}

type Answer = Omit<UploadResult, 'attempts'> & { readonly retryAfter: string | null };

async function postOnce(url: URL, upload: CaptureUpload, options: GatewayClientOptions): Promise<Answer> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: 'POST',
      body: toFormData(upload),
      headers: authHeaders(options.apiKey),
      signal: AbortSignal.timeout(options.requestTimeoutMs ?? 30_000),
    });
    text = await response.text();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      outcome: 'failed',
      status: null,
      retryAfter: null,
      detail: `network error: ${message}`,
      error,
    };
  }
  const { status } = response;
  const body = parseJson(text);
  const outcome: UploadOutcome = status === 202 ? 'accepted' : status === 200 ? 'duplicate' : 'failed';
  const captureId = field(body, 'capture_id');
  return {
    ok: outcome !== 'failed',
    outcome,
    status,
    retryAfter: response.headers.get('retry-after'),
    detail: (outcome === 'failed' ? field(body, 'code') : field(body, 'status')) ?? `HTTP ${status}`,
    ...(captureId === undefined ? {} : { captureId }),
    body,
    text,
  };
}

/** The one place credentials go on a request. */
function authHeaders(apiKey: string | undefined): Record<string, string> {
  return apiKey ? { [GATEWAY_AUTH_HEADER]: `Bearer ${apiKey}` } : {};
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

function field(body: unknown, name: string): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}
