import { defineConfig, envUrl } from '@shelfstream/config';

/** Where PostgreSQL is when `DATABASE_URL` is unset: the local stack's server. */
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/shelfstream';

/**
 * `DATABASE_URL`, the one setting a program needs to reach the database: tools load this definition as it is
 * (`loadConfig(databaseConfig)`), services spread its field into their own schema with their own doc line.
 */
export const databaseConfig = defineConfig({
  databaseUrl: {
    env: 'DATABASE_URL',
    schema: envUrl(['postgres:', 'postgresql:']).default(DEFAULT_DATABASE_URL),
    doc: 'PostgreSQL connection URL',
  },
});
