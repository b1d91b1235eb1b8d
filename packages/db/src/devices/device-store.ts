import type { Pool } from '../pool.js';
import type { Queryable } from '../queryable.js';
import { hashApiKey, signingSecretOf } from './api-key.js';
import { openSecret, type SecretKey, sealSecret } from './secret-box.js';

/** A registered device and the store it belongs to. */
export interface Device {
  readonly deviceId: string;
  readonly storeId: string;
  /**
   * The device's HMAC signing secret, decrypted; undefined when the device has none (registered before signing
   * secrets, issue 12) or when it was sealed under a key the caller does not hold.
   */
  readonly signingSecret: string | undefined;
  readonly revoked: boolean;
}

/** How {@link findDevice} looks a device up: by the hex SHA-256 of its API key, or by its id. */
export type DeviceLookup = { readonly keyHash: string } | { readonly deviceId: string };

interface DeviceRow {
  device_id: string;
  store_id: string;
  signing_secret_sealed: string | null;
  revoked_at: Date | null;
}

/**
 * The device of `shelfstream.devices` that `lookup` names, revoked or not, or undefined. Its signing secret is stored
 * sealed (AES-256-GCM) and opened with `keys`: the current `INGEST_DEVICE_SECRET_KEY` first, then any previous keys
 * still being rotated out. Query errors are thrown as they come (the gateway maps them to its own reason code).
 */
export async function findDevice(
  db: Queryable,
  keys: readonly SecretKey[],
  lookup: DeviceLookup,
): Promise<Device | undefined> {
  const column = 'keyHash' in lookup ? 'key_hash' : 'device_id';
  const value = 'keyHash' in lookup ? lookup.keyHash : lookup.deviceId;
  const { rows } = await db.query<DeviceRow>(
    `select device_id, store_id, signing_secret_sealed, revoked_at from shelfstream.devices where ${column} = $1`,
    [value],
  );
  const row = rows[0];
  if (!row) return undefined;
  return {
    deviceId: row.device_id,
    storeId: row.store_id,
    signingSecret:
      row.signing_secret_sealed === null
        ? undefined
        : openSecret(keys, row.signing_secret_sealed, row.device_id),
    revoked: row.revoked_at !== null,
  };
}

/**
 * Registers a device with a new API key, replacing (rotating) the key of an existing device id and clearing its
 * revocation. Stores the key's SHA-256 (bearer check) and the device's signing secret sealed under `secretKey`
 * (`INGEST_DEVICE_SECRET_KEY`), bound to the device id; never the key or the secret in the clear. Used by
 * `shelfctl devices add`, the demo and the tests.
 */
export async function registerDevice(
  pool: Pool,
  secretKey: SecretKey,
  device: { deviceId: string; storeId: string; apiKey: string },
): Promise<void> {
  const sealed = sealSecret(secretKey, signingSecretOf(device.apiKey), device.deviceId);
  await pool.query(
    `insert into shelfstream.devices (device_id, store_id, key_hash, signing_secret_sealed) values ($1, $2, $3, $4)
     on conflict (device_id) do update set store_id = excluded.store_id, key_hash = excluded.key_hash,
       signing_secret_sealed = excluded.signing_secret_sealed, created_at = now(), revoked_at = null`,
    [device.deviceId, device.storeId, hashApiKey(device.apiKey), sealed],
  );
}

/** Revokes a device's key; returns false when the device is unknown. */
export async function revokeDevice(pool: Pool, deviceId: string): Promise<boolean> {
  const result = await pool.query('update shelfstream.devices set revoked_at = now() where device_id = $1', [
    deviceId,
  ]);
  return (result.rowCount ?? 0) > 0;
}

/**
 * Re-encrypts every signing secret under `current` (rotation of `INGEST_DEVICE_SECRET_KEY`): opens each with any of
 * `keys`, seals it again with `current`. Returns how many were resealed and the ids of devices whose secret no key
 * opens (they need `shelfctl devices add`). Used by `shelfctl devices reseal`.
 */
export async function resealSigningSecrets(
  pool: Pool,
  current: SecretKey,
  keys: readonly SecretKey[],
): Promise<{ resealed: number; unreadable: string[] }> {
  const { rows } = await pool.query<{ device_id: string; signing_secret_sealed: string }>(
    'select device_id, signing_secret_sealed from shelfstream.devices where signing_secret_sealed is not null',
  );
  let resealed = 0;
  const unreadable: string[] = [];
  for (const row of rows) {
    if (row.signing_secret_sealed.split('.')[1] === current.id) continue;
    const secret = openSecret([current, ...keys], row.signing_secret_sealed, row.device_id);
    if (secret === undefined) {
      unreadable.push(row.device_id);
      continue;
    }
    await pool.query(
      'update shelfstream.devices set signing_secret_sealed = $2 where device_id = $1 and signing_secret_sealed = $3',
      [row.device_id, sealSecret(current, secret, row.device_id), row.signing_secret_sealed],
    );
    resealed += 1;
  }
  return { resealed, unreadable };
}
