import { createHash } from 'node:crypto';

/** The capture fields the idempotency key is computed from. */
export interface IdempotencyKeyInput {
  readonly storeId: string;
  readonly aisle: string;
  /** Capture instant: epoch milliseconds or a Date. Rendered as ISO-8601 UTC with milliseconds. */
  readonly capturedAt: number | Date;
  readonly deviceId: string;
}

/**
 * The capture's idempotency key, as DESIGN.md fixes it:
 * `sha256(store_id | aisle | captured_at (ISO-8601 UTC, ms) | device_id)` as lowercase hex.
 *
 * It is every capture-keyed record's Kafka key and the capture id. Any client can recompute it; the test vectors
 * in idempotency-key.test.ts are the reference for other languages.
 */
export function idempotencyKey(input: IdempotencyKeyInput): string {
  const capturedAt = typeof input.capturedAt === 'number' ? new Date(input.capturedAt) : input.capturedAt;
  if (Number.isNaN(capturedAt.getTime())) throw new RangeError('capturedAt is not a valid instant');
  return createHash('sha256')
    .update(idempotencyKeyMaterial({ ...input, capturedAt }))
    .digest('hex');
}

/** The exact string that is hashed; exposed so that documentation and other clients can show it. */
export function idempotencyKeyMaterial(input: IdempotencyKeyInput): string {
  const capturedAt = typeof input.capturedAt === 'number' ? new Date(input.capturedAt) : input.capturedAt;
  return `${input.storeId}|${input.aisle}|${capturedAt.toISOString()}|${input.deviceId}`;
}

/** True for a well-formed key (64 lowercase hex characters). */
export function isIdempotencyKey(value: string): boolean {
  return /^[0-9a-f]{64}$/.test(value);
}
