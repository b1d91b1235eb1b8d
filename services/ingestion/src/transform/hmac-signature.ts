import { createHmac, timingSafeEqual } from 'node:crypto';
import { pass, refuse, type Verdict } from './verdict.js';

/** The request header carrying an HMAC signature. */
export const SIGNATURE_HEADER = 'x-shelfstream-signature';

/**
 * Signs a request body: `t=<unix ms>,v1=<hex hmac-sha256(secret, t + '.' + body)>`. Devices (and tests) use it;
 * the secret is the hex SHA-256 of the device's API key (what the server stores).
 */
export function signRequest(secret: string, body: Buffer, nowMs: number): string {
  return `t=${nowMs},v1=${digest(secret, nowMs, body)}`;
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
  const parts = new Map(
    header.split(',').map((p) => {
      const i = p.indexOf('=');
      return [p.slice(0, i).trim(), p.slice(i + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isSafeInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) {
    return refuse('INGEST_AUTH_INVALID', 'malformed signature header');
  }
  if (Math.abs(now - t) > replayWindowMs)
    return refuse('INGEST_AUTH_INVALID', 'signature outside the replay window');
  const expected = Buffer.from(digest(secret, t, body), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(v1, 'hex')))
    return refuse('INGEST_AUTH_INVALID', 'signature mismatch');
  return pass(t);
}

function digest(secret: string, t: number, body: Buffer): string {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}
