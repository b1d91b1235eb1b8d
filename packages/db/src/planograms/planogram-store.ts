import { type Planogram, planogramContentHash } from '@shelfstream/planogram';
import type pg from 'pg';
import type { Queryable } from '../queryable.js';

/** The active planogram version of one store and aisle, as stored (the document is validated again before use). */
export interface ActivePlanogram {
  readonly storeId: string;
  readonly aisle: string;
  readonly version: number;
  readonly document: unknown;
}

/** The map key of a store and aisle. */
export function storeAisleKey(storeId: string, aisle: string): string {
  return JSON.stringify([storeId, aisle]);
}

/** Loads the active planogram of each store and aisle in one query; absent keys have none. */
export async function loadActivePlanograms(
  db: Queryable,
  keys: readonly { readonly storeId: string; readonly aisle: string }[],
): Promise<Map<string, ActivePlanogram>> {
  const found = new Map<string, ActivePlanogram>();
  if (keys.length === 0) return found;
  const result = await db.query<{ store_id: string; aisle: string; version: number; document: unknown }>(
    `select p.store_id, p.aisle, p.version, p.document
       from shelfstream.planograms p
       join unnest($1::text[], $2::text[]) as k(store_id, aisle) on k.store_id = p.store_id and k.aisle = p.aisle
      where p.active`,
    [keys.map((k) => k.storeId), keys.map((k) => k.aisle)],
  );
  for (const row of result.rows) {
    found.set(storeAisleKey(row.store_id, row.aisle), {
      storeId: row.store_id,
      aisle: row.aisle,
      version: row.version,
      document: row.document,
    });
  }
  return found;
}

/** What publishing a planogram did. */
export type PublishOutcome =
  /** A new version was stored and is now active. */
  | { readonly kind: 'published'; readonly version: number; readonly contentHash: string }
  /** The active version already has this content: nothing changed. */
  | { readonly kind: 'unchanged'; readonly version: number; readonly contentHash: string }
  /** An earlier version with this content was made active again. */
  | { readonly kind: 'reactivated'; readonly version: number; readonly contentHash: string }
  /** The file's version number is taken by other content, or is not above the latest: nothing changed. */
  | {
      readonly kind: 'conflict';
      readonly version: number;
      readonly latestVersion: number;
      readonly contentHash: string;
    };

/**
 * Stores a validated planogram as a new version of its store and aisle and makes it the active one, in one
 * transaction (serialized per store and aisle). Idempotent: publishing content identical to the active version
 * (same content hash, whatever the version number in the file) changes nothing. Also records the store and the
 * SKUs of the planogram's catalog.
 */
export async function publishPlanogram(pool: pg.Pool, planogram: Planogram): Promise<PublishOutcome> {
  const contentHash = planogramContentHash(planogram);
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [
      `planogram:${storeAisleKey(planogram.store_id, planogram.aisle)}`,
    ]);
    const versions = await client.query<{ version: number; content_hash: string; active: boolean }>(
      'select version, content_hash, active from shelfstream.planograms where store_id = $1 and aisle = $2',
      [planogram.store_id, planogram.aisle],
    );
    const active = versions.rows.find((r) => r.active);
    if (active && active.content_hash === contentHash) {
      await client.query('rollback');
      return { kind: 'unchanged', version: active.version, contentHash };
    }
    const sameContent = versions.rows.find((r) => r.content_hash === contentHash);
    const latestVersion = Math.max(0, ...versions.rows.map((r) => r.version));
    if (!sameContent && planogram.version <= latestVersion) {
      await client.query('rollback');
      return { kind: 'conflict', version: planogram.version, latestVersion, contentHash };
    }
    await client.query(
      'insert into shelfstream.stores (store_id) values ($1) on conflict (store_id) do nothing',
      [planogram.store_id],
    );
    for (const [sku, entry] of Object.entries(planogram.catalog ?? {})) {
      await client.query(
        `insert into shelfstream.skus (sku, brand, category, size) values ($1, $2, $3, $4)
         on conflict (sku) do update set brand = excluded.brand, category = coalesce(excluded.category, skus.category),
           size = coalesce(excluded.size, skus.size), updated_at = now()`,
        [sku, entry.brand, entry.category ?? null, entry.size ?? null],
      );
    }
    await client.query(
      'update shelfstream.planograms set active = false where store_id = $1 and aisle = $2 and active',
      [planogram.store_id, planogram.aisle],
    );
    const version = sameContent ? sameContent.version : planogram.version;
    if (sameContent) {
      await client.query(
        `update shelfstream.planograms set active = true, activated_at = now()
          where store_id = $1 and aisle = $2 and version = $3`,
        [planogram.store_id, planogram.aisle, version],
      );
    } else {
      await client.query(
        `insert into shelfstream.planograms
           (store_id, aisle, version, fixture, content_hash, document, active, activated_at)
         values ($1, $2, $3, $4, $5, $6, true, now())`,
        [
          planogram.store_id,
          planogram.aisle,
          version,
          planogram.fixture,
          contentHash,
          JSON.stringify(planogram),
        ],
      );
    }
    await client.query('commit');
    return { kind: sameContent ? 'reactivated' : 'published', version, contentHash };
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
