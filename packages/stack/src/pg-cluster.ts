import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where and how a PostgreSQL cluster of the stack's own runs (the chaos harness's, or the stack's when none runs). */
export interface PgClusterOptions {
  /** Folder of initdb / pg_ctl. @default /usr/lib/postgresql/15/bin */
  readonly binDir: string;
  /** Cluster root: `data/` (PGDATA), `sock/` (unix socket) and `postgres.log` live under it. */
  readonly rootDir: string;
  /** TCP port on 127.0.0.1. */
  readonly port: number;
  /**
   * OS user that owns and runs the cluster (PostgreSQL refuses to run as root). `undefined`: the current user,
   * commands run directly; otherwise they run through `runuser -u <osUser> --`.
   */
  readonly osUser: string | undefined;
}

/** A command line to execute (no shell). */
export interface Command {
  readonly command: string;
  readonly args: readonly string[];
}

/** What {@link pgCommand} can build. */
export type PgAction = 'initdb' | 'start' | 'stop-immediate' | 'stop-fast' | 'status';

/** The OS user to run PostgreSQL as: `postgres` when this process is root, else the current user. */
export function defaultPgOsUser(uid: number | undefined = process.getuid?.()): string | undefined {
  return uid === 0 ? 'postgres' : undefined;
}

/**
 * The command for one cluster action (pure). Trust authentication on 127.0.0.1 only; the unix socket goes to
 * `<root>/sock` so that it never collides with the machine's own cluster in /var/run/postgresql.
 */
export function pgCommand(options: PgClusterOptions, action: PgAction): Command {
  const dataDir = path.join(options.rootDir, 'data');
  const bin = (name: string) => path.join(options.binDir, name);
  let inner: Command;
  switch (action) {
    case 'initdb':
      inner = {
        command: bin('initdb'),
        args: ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--no-instructions'],
      };
      break;
    case 'start': {
      const serverOptions = [
        `-p ${options.port}`,
        '-c listen_addresses=127.0.0.1',
        `-c unix_socket_directories=${path.join(options.rootDir, 'sock')}`,
        '-c max_connections=200',
      ].join(' ');
      inner = {
        command: bin('pg_ctl'),
        args: [
          '-D',
          dataDir,
          '-l',
          path.join(options.rootDir, 'postgres.log'),
          '-w',
          '-t',
          '120',
          '-o',
          serverOptions,
          'start',
        ],
      };
      break;
    }
    case 'stop-immediate':
      inner = { command: bin('pg_ctl'), args: ['-D', dataDir, '-m', 'immediate', '-w', '-t', '60', 'stop'] };
      break;
    case 'stop-fast':
      inner = { command: bin('pg_ctl'), args: ['-D', dataDir, '-m', 'fast', '-w', '-t', '60', 'stop'] };
      break;
    case 'status':
      inner = { command: bin('pg_ctl'), args: ['-D', dataDir, 'status'] };
      break;
  }
  if (options.osUser === undefined) return inner;
  return { command: 'runuser', args: ['-u', options.osUser, '--', inner.command, ...inner.args] };
}

/**
 * A PostgreSQL cluster of the stack's own (initdb + pg_ctl): the chaos harness's, the only PostgreSQL a test may stop,
 * and the stack's when `DATABASE_URL` is unset and nothing answers at the default address. Never touches the
 * machine's or the developer's cluster.
 */
export class PgCluster {
  readonly options: PgClusterOptions;

  constructor(options: PgClusterOptions) {
    this.options = options;
  }

  /** `postgres://postgres@127.0.0.1:<port>/<database>`. */
  url(database: string): string {
    return `postgres://postgres@127.0.0.1:${this.options.port}/${database}`;
  }

  /** Stops a cluster left running by an earlier run, wipes the folder and runs initdb (a fresh cluster per run). */
  async initFresh(): Promise<void> {
    if (existsSync(path.join(this.options.rootDir, 'data', 'postmaster.pid')))
      await this.stop('immediate').catch(() => undefined);
    await rm(this.options.rootDir, { recursive: true, force: true });
    await mkdir(path.join(this.options.rootDir, 'sock'), { recursive: true });
    if (this.options.osUser !== undefined) {
      const { uid, gid } = await osIds(this.options.osUser);
      for (const dir of [this.options.rootDir, path.join(this.options.rootDir, 'sock')])
        await chown(dir, uid, gid);
    }
    await this.#exec('initdb');
  }

  /** Runs initdb once: keeps a cluster that already has data (the stack's own PostgreSQL outlives its processes). */
  async initIfMissing(): Promise<boolean> {
    if (existsSync(path.join(this.options.rootDir, 'data', 'PG_VERSION'))) return false;
    await this.initFresh();
    return true;
  }

  /** pg_ctl start, waiting until it accepts connections (after crash recovery too). */
  async start(): Promise<void> {
    await this.#exec('start');
  }

  /** pg_ctl stop: `immediate` is a crash (no checkpoint; the next start replays WAL), `fast` a clean stop. */
  async stop(mode: 'immediate' | 'fast'): Promise<void> {
    await this.#exec(mode === 'immediate' ? 'stop-immediate' : 'stop-fast');
  }

  /** Whether pg_ctl reports the server running (without a postmaster.pid it cannot be: pg_ctl is not asked). */
  async isRunning(): Promise<boolean> {
    if (!existsSync(path.join(this.options.rootDir, 'data', 'postmaster.pid'))) return false;
    try {
      await this.#exec('status');
      return true;
    } catch {
      return false;
    }
  }

  /** Synchronous immediate stop for process 'exit' handlers; never throws. */
  stopNowSync(): void {
    const c = pgCommand(this.options, 'stop-immediate');
    spawnSync(c.command, [...c.args], { stdio: 'ignore', timeout: 30_000 });
  }

  async #exec(action: PgAction): Promise<void> {
    const c = pgCommand(this.options, action);
    try {
      await run(c.command, [...c.args], { timeout: 180_000, cwd: '/' });
    } catch (err) {
      const e = err as Error & { stderr?: string; stdout?: string };
      throw new Error(`pg ${action} failed: ${(e.stderr || e.stdout || e.message).trim().slice(0, 1000)}`, {
        cause: err,
      });
    }
  }
}

async function osIds(user: string): Promise<{ uid: number; gid: number }> {
  const [u, g] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return { uid: Number(u.stdout.trim()), gid: Number(g.stdout.trim()) };
}
