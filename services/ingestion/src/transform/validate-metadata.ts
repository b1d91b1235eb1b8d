import { idempotencyKey } from '@shelfstream/contracts';
import { pass, refuse, type Verdict } from './verdict.js';

/** The fixture types of the FixtureType Avro enum. */
export const FIXTURE_TYPES = ['GONDOLA', 'ENDCAP', 'FREEZER'] as const;

/** The metadata fields the gate checks (the CaptureSubmitted fields, loosely typed for HTTP input). */
export interface CaptureMetadata {
  readonly capture_id?: string | null | undefined;
  readonly store_id?: string | null | undefined;
  readonly aisle?: string | null | undefined;
  readonly fixture_type?: string | null | undefined;
  readonly captured_at?: number | null | undefined;
  readonly device_id?: string | null | undefined;
  readonly planogram_version?: string | null | undefined;
}

/** Metadata that passed the gate. */
export interface ValidMetadata {
  readonly captureId: string;
  readonly storeId: string;
  readonly aisle: string;
  readonly fixtureType: (typeof FIXTURE_TYPES)[number];
  readonly capturedAt: number;
  readonly deviceId: string;
  readonly planogramVersion: string;
}

/** Time limits of the gate. */
export interface TimeRules {
  /** How far captured_at may lie in the future (device clock skew), ms. */
  readonly maxClockSkewMs: number;
  /** How old captured_at may be, ms. */
  readonly maxCaptureAgeMs: number;
}

const REQUIRED = ['store_id', 'aisle', 'fixture_type', 'device_id', 'planogram_version'] as const;

/**
 * Checks required metadata, the fixture type, timestamp sanity against `now`, and that the idempotency key
 * recomputed from the metadata equals `capture_id` and (when given) the record key.
 */
export function validateMetadata(
  m: CaptureMetadata,
  recordKey: string | null,
  now: number,
  rules: TimeRules,
): Verdict<ValidMetadata> {
  const missing = REQUIRED.filter((f) => typeof m[f] !== 'string' || (m[f] as string).trim() === '');
  if (typeof m.captured_at !== 'number' || !Number.isFinite(m.captured_at))
    missing.push('captured_at' as never);
  if (missing.length > 0) return refuse('INGEST_METADATA_MISSING', `missing or blank: ${missing.join(', ')}`);
  const fixture = m.fixture_type as string;
  if (!(FIXTURE_TYPES as readonly string[]).includes(fixture)) {
    return refuse(
      'INGEST_FIXTURE_UNKNOWN',
      `fixture_type ${JSON.stringify(fixture)} is not one of ${FIXTURE_TYPES.join(', ')}`,
    );
  }
  const capturedAt = m.captured_at as number;
  if (capturedAt > now + rules.maxClockSkewMs) {
    return refuse('INGEST_CAPTURED_IN_FUTURE', `captured_at is ${capturedAt - now} ms in the future`);
  }
  if (capturedAt < now - rules.maxCaptureAgeMs) {
    return refuse('INGEST_CAPTURED_TOO_OLD', `captured_at is ${now - capturedAt} ms old`);
  }
  const meta = {
    storeId: m.store_id as string,
    aisle: m.aisle as string,
    capturedAt,
    deviceId: m.device_id as string,
  };
  const expected = idempotencyKey(meta);
  if (m.capture_id !== expected)
    return refuse('INGEST_KEY_MISMATCH', 'capture_id is not the idempotency key of the metadata');
  if (recordKey !== null && recordKey !== expected) {
    return refuse('INGEST_KEY_MISMATCH', 'the record key is not the idempotency key of the metadata');
  }
  return pass({
    ...meta,
    captureId: expected,
    fixtureType: fixture as ValidMetadata['fixtureType'],
    planogramVersion: m.planogram_version as string,
  });
}
