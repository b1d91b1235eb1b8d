import type { IncomingHttpHeaders } from 'node:http';
import { StageError } from '@shelfstream/errors';
import type { Device, DeviceRegistry } from '../device-registry.js';
import type { IngestionReasonCode } from '../reasons.js';
import { hashApiKey } from '../transform/api-key.js';
import { SIGNATURE_HEADER } from '../transform/hmac-signature.js';

/** The header naming the device of an HMAC-signed request. */
export const DEVICE_HEADER = 'x-shelfstream-device';

/** How a request authenticated: a bearer key (done) or a signature (to verify once the body is read). */
export interface Identity {
  readonly device: Device;
  readonly method: 'api-key' | 'hmac';
  readonly signature?: string;
}

function denied(code: IngestionReasonCode, message: string): StageError {
  return new StageError(code, message, { retriable: false });
}

/**
 * Finds the device a request speaks for, from `authorization: Bearer <key>` (or `x-api-key`) or from
 * `x-shelfstream-device` + `x-shelfstream-signature`. Throws INGEST_AUTH_MISSING / INGEST_AUTH_INVALID.
 */
export async function identify(
  headers: IncomingHttpHeaders,
  registry: DeviceRegistry,
  mode: 'api-key' | 'hmac' | 'either',
): Promise<Identity> {
  const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  const apiKey = bearer ?? (typeof headers['x-api-key'] === 'string' ? headers['x-api-key'] : undefined);
  const signature = headers[SIGNATURE_HEADER];
  const deviceId = headers[DEVICE_HEADER];
  if (apiKey && mode !== 'hmac') {
    const device = await registry.byKeyHash(hashApiKey(apiKey));
    if (!device || device.revoked) throw denied('INGEST_AUTH_INVALID', 'unknown or revoked API key');
    return { device, method: 'api-key' };
  }
  if (typeof signature === 'string' && typeof deviceId === 'string' && mode !== 'api-key') {
    const device = await registry.byId(deviceId);
    if (!device || device.revoked) throw denied('INGEST_AUTH_INVALID', 'unknown or revoked device');
    return { device, method: 'hmac', signature };
  }
  throw denied('INGEST_AUTH_MISSING', `send an API key or an ${SIGNATURE_HEADER} with ${DEVICE_HEADER}`);
}
