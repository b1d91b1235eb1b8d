import { type Device, type DeviceLookup, findDevice, type Pool, type SecretKey } from '@shelfstream/db';
import { StageError } from '@shelfstream/errors';

/** Looks devices up for the gateway's authentication. */
export interface DeviceRegistry {
  /** The device whose API key hashes to `keyHash` (hex SHA-256), if any. */
  byKeyHash(keyHash: string): Promise<Device | undefined>;
  byId(deviceId: string): Promise<Device | undefined>;
}

/**
 * Devices in PostgreSQL (`shelfstream.devices`, through `@shelfstream/db`). Signing secrets are opened with `keys`:
 * the current `INGEST_DEVICE_SECRET_KEY` first, then any previous keys still being rotated out. A failed query is
 * INGEST_DB_UNAVAILABLE (retriable).
 */
export class PgDeviceRegistry implements DeviceRegistry {
  readonly #pool: Pool;
  readonly #keys: readonly SecretKey[];

  constructor(pool: Pool, keys: readonly SecretKey[]) {
    this.#pool = pool;
    this.#keys = keys;
  }

  byKeyHash(keyHash: string): Promise<Device | undefined> {
    return this.#find({ keyHash });
  }

  byId(deviceId: string): Promise<Device | undefined> {
    return this.#find({ deviceId });
  }

  async #find(lookup: DeviceLookup): Promise<Device | undefined> {
    try {
      return await findDevice(this.#pool, this.#keys, lookup);
    } catch (err) {
      throw new StageError('INGEST_DB_UNAVAILABLE', `device registry: ${(err as Error).message}`, {
        retriable: true,
        cause: err,
      });
    }
  }
}
