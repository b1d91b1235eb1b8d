import type pg from 'pg';

/**
 * Runs `work` in one transaction on a client of `pool`: commits and returns what it returns; rolls back and rethrows
 * what it throws (a failed rollback is ignored, so the caller sees the error of `work`); always releases the client.
 *
 * @example
 * const outcome = await withTransaction(pool, async (client) => {
 *   await client.query('select pg_advisory_xact_lock(hashtext($1))', [key]);
 *   return decide(client);
 * });
 */
export async function withTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (err) {
    await client.query('rollback').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
