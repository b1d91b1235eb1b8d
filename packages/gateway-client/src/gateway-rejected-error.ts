/**
 * Thrown (by callers that prefer exceptions to an upload result, e.g. the device simulator's sink) when the
 * gateway answered with a status that is neither 202 accepted nor 200 duplicate and retrying did not or cannot
 * change it: a 4xx refusal of the capture, a 500, or a retriable answer past the retry budget.
 */
export class GatewayRejectedError extends Error {
  readonly status: number;
  /** The answer's raw body (JSON `{ code, message }` from the gateway). */
  readonly body: string;
  /** The gateway's reason code (`code` of the JSON body), e.g. `INGEST_IMAGE_TRUNCATED`; undefined otherwise. */
  readonly code: string | undefined;

  constructor(status: number, body: string) {
    super(`gateway answered ${status}: ${body.slice(0, 200)}`);
    this.name = 'GatewayRejectedError';
    this.status = status;
    this.body = body;
    this.code = reasonCodeOf(body);
  }

  /** A 4xx: the capture itself was refused (bad image, bad metadata, unknown device), not the gateway broken. */
  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

function reasonCodeOf(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}
