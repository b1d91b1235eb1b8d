import type { Pool } from '@shelfstream/db';
import { StageError } from '@shelfstream/errors';

/** A registered device and the store it belongs to. */
export interface Device {
  readonly deviceId: string;
  readonly storeId: string;
  /** Hex SHA-256 of the device's API key: the bearer check and the HMAC secret. */
  readonly keyHash: string;
  readonly revoked: boolean;
}

/** Looks devices up for the gateway's authentication. */
export interface DeviceRegistry {
  byKeyHash(keyHash: string): Promise<Device | undefined>;
  byId(deviceId: string): Promise<Device | undefined>;
}

interface DeviceRow {
  device_id: string;
  store_id: string;
  key_hash: string;
  revoked_at: Date | null;
}

/** Devices in PostgreSQL (`shelfstream.devices`). */
export class PgDeviceRegistry implements DeviceRegistry {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  byKeyHash(keyHash: string): Promise<Device | undefined> {
    return this.#one('key_hash', keyHash);
  }

  byId(deviceId: string): Promise<Device | undefined> {
    return this.#one('device_id', deviceId);
  }

  async #one(column: 'key_hash' | 'device_id', value: string): Promise<Device | undefined> {
    try {
      const { rows } = await this.#pool.query<DeviceRow>(
        `select device_id, store_id, key_hash, revoked_at from shelfstream.devices where ${column} = $1`,
        [value],
      );
      const row = rows[0];
      return row
        ? {
            deviceId: row.device_id,
            storeId: row.store_id,
            keyHash: row.key_hash,
            revoked: row.revoked_at !== null,
          }
        : undefined;
    } catch (err) {
      throw new StageError('INGEST_DB_UNAVAILABLE', `device registry: ${(err as Error).message}`, {
        retriable: true,
        cause: err,
      });
    }
  }
}

/**
 * Registers a device with the hash of a new key, replacing (rotating) the key of an existing device id and clearing
 * its revocation. Used by `shelfctl devices add`.
 */
export async function registerDevice(
  pool: Pool,
  device: { deviceId: string; storeId: string; keyHash: string },
): Promise<void> {
  await pool.query(
    `insert into shelfstream.devices (device_id, store_id, key_hash) values ($1, $2, $3)
     on conflict (device_id) do update set store_id = excluded.store_id, key_hash = excluded.key_hash,
       created_at = now(), revoked_at = null`,
    [device.deviceId, device.storeId, device.keyHash],
  );
}

/** Revokes a device's key; returns false when the device is unknown. */
export async function revokeDevice(pool: Pool, deviceId: string): Promise<boolean> {
  const result = await pool.query('update shelfstream.devices set revoked_at = now() where device_id = $1', [
    deviceId,
  ]);
  return (result.rowCount ?? 0) > 0;
}
