import type { IncomingHttpHeaders } from 'node:http';
import { type Device, hashApiKey } from '@shelfstream/db';
import { StageError } from '@shelfstream/errors';
import type { DeviceRegistry } from '../device-registry.js';
import type { IngestionReason } from '../reasons.js';
import { checkSignatureHeader, SIGNATURE_HEADER } from '../transform/hmac-signature.js';

/** The header naming the device of an HMAC-signed request. */
export const DEVICE_HEADER = 'x-shelfstream-device';

/**
 * How a request authenticated: a bearer key (done), or a signature whose header, device and replay window are
 * checked and whose HMAC is verified once the body is read (with the device's signing secret).
 */
export type Identity =
  | { readonly device: Device; readonly method: 'api-key' }
  | {
      readonly device: Device & { readonly signingSecret: string };
      readonly method: 'hmac';
      readonly signature: string;
    };

function denied(code: IngestionReason, message: string): StageError {
  return new StageError(code, message, { retriable: false });
}

/**
 * Finds the device a request speaks for from its headers alone, before any body is read: `authorization: Bearer <key>`
 * (or `x-api-key`), or `x-shelfstream-device` + `x-shelfstream-signature` (well formed, inside the replay window, for a
 * device that has a signing secret). Throws INGEST_AUTH_MISSING / INGEST_AUTH_INVALID.
 */
export async function identify(
  headers: IncomingHttpHeaders,
  registry: DeviceRegistry,
  mode: 'api-key' | 'hmac' | 'either',
  signatureWindowMs: number,
  now: number,
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
    // Stale or malformed: refused without a database read or a body.
    const header = checkSignatureHeader(signature, now, signatureWindowMs);
    if (!header.ok) throw denied(header.code, header.message);
    const device = await registry.byId(deviceId);
    if (!device || device.revoked) throw denied('INGEST_AUTH_INVALID', 'unknown or revoked device');
    const { signingSecret } = device;
    if (signingSecret === undefined) {
      throw denied(
        'INGEST_AUTH_INVALID',
        'the device has no signing secret: rotate its key (shelfctl devices add) to sign requests',
      );
    }
    return { device: { ...device, signingSecret }, method: 'hmac', signature };
  }
  throw denied('INGEST_AUTH_MISSING', `send an API key or an ${SIGNATURE_HEADER} with ${DEVICE_HEADER}`);
}
