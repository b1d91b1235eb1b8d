/**
 * PostgreSQL access shared by the services: the pool, database creation and migrations (node-pg-migrate).
 *
 * @example
 * await ensureDatabase(url);
 * await migrate(url);
 * const pool = createPool(url);
 */
export { ensureDatabase } from './ensure-database.js';
export { MIGRATIONS_DIR, type MigrationResult, migrate } from './migrate.js';
export { createPool, type Pool } from './pool.js';
