import { createHmac, timingSafeEqual } from 'node:crypto';
import { pass, refuse, type Verdict } from './verdict.js';

/** The request header carrying an HMAC signature. */
export const SIGNATURE_HEADER = 'x-shelfstream-signature';

/**
 * Signs a request body: `t=<unix ms>,v1=<hex hmac-sha256(secret, t + '.' + body)>`. Devices (and tests) use it;
 * the secret is the device's signing secret, `signingSecretOf(apiKey)` (the server keeps it encrypted at rest; it is
 * never the stored key hash).
 */
export function signRequest(secret: string, body: Buffer, nowMs: number): string {
  return `t=${nowMs},v1=${digest(secret, nowMs, body)}`;
}

/**
 * Checks what an `x-shelfstream-signature` header says before the body is read: well formed, and its timestamp
 * within `replayWindowMs` of `now`. Lets the gateway refuse a stale or malformed signature without reading the body.
 */
export function checkSignatureHeader(header: string, now: number, replayWindowMs: number): Verdict<number> {
  const parsed = parseHeader(header);
  if (!parsed) return refuse('INGEST_AUTH_INVALID', 'malformed signature header');
  if (Math.abs(now - parsed.t) > replayWindowMs)
    return refuse('INGEST_AUTH_INVALID', 'signature outside the replay window');
  return pass(parsed.t);
}

/**
 * Verifies an `x-shelfstream-signature` header against the body: the timestamp must be within `replayWindowMs` of
 * `now`, and the HMAC must match in constant time. A signature outside the window is refused even if valid.
 */
export function verifySignature(
  header: string,
  secret: string,
  body: Buffer,
  now: number,
  replayWindowMs: number,
): Verdict<number> {
  const checked = checkSignatureHeader(header, now, replayWindowMs);
  if (!checked.ok) return checked;
  const { t, v1 } = parseHeader(header) as { t: number; v1: string };
  const expected = Buffer.from(digest(secret, t, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex')))
    return refuse('INGEST_AUTH_INVALID', 'signature mismatch');
  return pass(t);
}

function digest(secret: string, t: number, body: Buffer): string {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}

function parseHeader(header: string): { t: number; v1: string } | undefined {
  const parts = new Map(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  return Number.isSafeInteger(t) && /^[0-9a-f]{64}$/.test(v1) ? { t, v1 } : undefined;
}
