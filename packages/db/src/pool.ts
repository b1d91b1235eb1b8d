import pg from 'pg';

/** A PostgreSQL connection pool. */
export type Pool = pg.Pool;

/** Settings of {@link createPool}. */
export interface PoolOptions {
  /** Most connections. @default 10 */
  readonly max?: number;
  readonly applicationName?: string;
  /** Longest wait for a new connection (a server down must fail fast, not hang a chunk). @default 5000 ms */
  readonly connectionTimeoutMs?: number;
  /** Server-side `statement_timeout` of every connection. @default 30000 ms */
  readonly statementTimeoutMs?: number;
  /**
   * Told about errors of IDLE connections (a PostgreSQL restart kills them). Without a listener, pg's Pool emits an
   * unhandled 'error' and Node exits ("Connection terminated unexpectedly"). The pool replaces the dead client by
   * itself; queries in flight fail with their own error. @default one JSON line on stderr
   */
  readonly onIdleError?: (error: Error) => void;
}

/**
 * Creates a pool for `databaseUrl` that survives a PostgreSQL restart: idle-connection errors are handled (not an
 * unhandled 'error' event), connects time out, statements time out; idle connections close after 10 s.
 */
export function createPool(databaseUrl: string, options: PoolOptions = {}): Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    application_name: options.applicationName ?? 'shelfstream',
  });
  const onIdleError = options.onIdleError ?? logIdleError(options.applicationName ?? 'shelfstream');
  pool.on('error', (err) => onIdleError(err));
  // The pool listens to a client only while it is idle. A checked-out one (a transaction open between two statements)
  // whose connection dies emits 'error' with no listener and Node exits: the chaos run's state tracker did, at a
  // PostgreSQL stop. Every client gets a listener of its own; its next statement fails with its own error and the
  // caller releases it as broken.
  pool.on('connect', (client) => {
    client.on('error', (err) => {
      if (client.listenerCount('error') === 1) onIdleError(err);
    });
  });
  return pool;
}

function logIdleError(applicationName: string): (error: Error) => void {
  return (error) => {
    process.stderr.write(
      `${JSON.stringify({
        level: 'warn',
        time: Date.now(),
        pool: applicationName,
        err: { message: error.message, code: (error as { code?: unknown }).code },
        msg: 'idle PostgreSQL connection lost: the pool will reconnect',
      })}\n`,
    );
  };
}
