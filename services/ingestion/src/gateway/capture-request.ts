import type { CaptureMetadata } from '../transform/validate-metadata.js';

/** The fields of a `POST /v1/captures` request, from multipart fields or a JSON body. */
export interface CaptureRequest extends CaptureMetadata {
  readonly image_uri?: string | null | undefined;
  readonly content_type?: string | null | undefined;
  readonly attributes: Record<string, string>;
}

const STRING_FIELDS = [
  'capture_id',
  'store_id',
  'aisle',
  'fixture_type',
  'device_id',
  'planogram_version',
  'image_uri',
  'content_type',
] as const;

/** Reads captured_at given as epoch ms (number or digits) or an ISO-8601 string; undefined when unparsable. */
export function parseCapturedAt(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Normalizes request fields (strings from multipart, any JSON from a JSON body) into a {@link CaptureRequest}:
 * non-string values of string fields are dropped (the gate then reports them missing), attributes keep string values.
 */
export function toCaptureRequest(fields: Readonly<Record<string, unknown>>): CaptureRequest {
  const out: Record<string, unknown> = {};
  for (const name of STRING_FIELDS) {
    const v = fields[name];
    if (typeof v === 'string') out[name] = v;
  }
  out['captured_at'] = parseCapturedAt(fields['captured_at']);
  let attributes: unknown = fields['attributes'];
  if (typeof attributes === 'string') {
    try {
      attributes = JSON.parse(attributes);
    } catch {
      attributes = {};
    }
  }
  const attrs: Record<string, string> = {};
  if (attributes && typeof attributes === 'object' && !Array.isArray(attributes)) {
    for (const [k, v] of Object.entries(attributes)) if (typeof v === 'string') attrs[k] = v;
  }
  return { ...(out as CaptureMetadata), attributes: attrs } as CaptureRequest;
}
