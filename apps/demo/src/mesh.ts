import { type ChildProcess, spawn } from 'node:child_process';

import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './free-port.js';
import { MESH_SERVICES, type MeshServiceName, SERVICE_SPECS } from './service-specs.js';

/** Where and how the mesh runs. */
export interface MeshOptions {
  /** Monorepo root (services/ lives there). */
  readonly repoRoot: string;
  /** KAFKA_TOPIC_NAMESPACE of every process. */
  readonly namespace: string;
  /** PostgreSQL database of ingestion and scoring (already migrated). */
  readonly databaseUrl: string;
  /** Absolute folder of the shared file:// blob store. */
  readonly blobDir: string;
  /** One `<service>.log` per process is written here (appended across restarts). */
  readonly logDir: string;
  /** Stack environment (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, ...). */
  readonly stackEnv: Readonly<Record<string, string>>;
  /** Processes to start. @default every one of MESH_SERVICES */
  readonly services?: readonly MeshServiceName[];
  /** Extra environment for every process. */
  readonly extraEnv?: Readonly<Record<string, string>>;
  /** Readiness wait per process. @default 120000 (ms) */
  readonly readyTimeoutMs?: number;
  /**
   * What each process runs: `source` (the TypeScript through the tsx loader, what tests use: no build step) or `dist`
   * (the compiled JavaScript of `pnpm build`, as the container image runs it). @default 'source'
   */
  readonly runtime?: MeshRuntime;
  /** Extra node options of every process (e.g. `--cpu-prof`, `--cpu-prof-dir=...` for the benchmark's profiles). */
  readonly nodeArgs?: readonly string[];
}

/** What a mesh process runs: the TypeScript sources through tsx, or the compiled `dist/`. */
export type MeshRuntime = 'source' | 'dist';

/** Parses a `--runtime` value; calls `fail` with a message naming the choices on anything else. */
export function meshRuntime(value: string | undefined, fail: (message: string) => never): MeshRuntime {
  if (value === 'dist' || value === 'source') return value;
  return fail(`--runtime must be dist or source, not ${JSON.stringify(value)}`);
}

/** The node arguments that start one service, from the repository root. */
export function serviceEntryArgs(dir: string, runtime: MeshRuntime): string[] {
  return runtime === 'dist'
    ? [path.join('services', dir, 'dist', 'main.js')]
    : ['--conditions=@shelfstream/source', '--import', 'tsx', path.join('services', dir, 'src', 'main.ts')];
}

interface Running {
  child: ChildProcess;
  exited: Promise<number | null>;
}

/**
 * A running mesh: every service as its own process, in one topic namespace and database. `stop()` sends SIGTERM to
 * all (SIGKILL after a grace period); `kill(name)` hard-kills one (for fault tests) and `restart(name)` starts it
 * again on the same port.
 */
export class Mesh {
  /** Meshes whose processes may still run (a signal handler can stop them before `start()` resolved). */
  static readonly #live = new Set<Mesh>();
  readonly ports: Readonly<Record<MeshServiceName, number>>;
  readonly #options: MeshOptions;
  readonly #running = new Map<MeshServiceName, Running>();
  #stopping = false;
  /** Called when a process exits while the mesh is not stopping (an unexpected crash). */
  onUnexpectedExit: (name: MeshServiceName, code: number | null, logFile: string) => void = () => undefined;

  private constructor(options: MeshOptions, ports: Record<MeshServiceName, number>) {
    this.#options = options;
    this.ports = ports;
    Mesh.#live.add(this);
  }

  /** Stops every mesh of this process, including one still starting (Ctrl-C handlers). */
  static async stopAll(graceMs?: number): Promise<void> {
    await Promise.all([...Mesh.#live].map((mesh) => mesh.stop(graceMs)));
  }

  /** SIGKILLs every process of every mesh of this process, synchronously (process 'exit' handlers). */
  static killAllNow(): void {
    for (const mesh of Mesh.#live) mesh.killAllNow();
  }

  /**
   * Starts the processes (all at once) and resolves when each answers its readiness probe. A start-up that fails
   * because a port was taken meanwhile (EADDRINUSE in a log) is retried on new ports, twice at most.
   */
  static async start(options: MeshOptions): Promise<Mesh> {
    for (let attempt = 0; ; attempt++) {
      const ports = {} as Record<MeshServiceName, number>;
      for (const name of MESH_SERVICES) ports[name] = await freePort();
      const mesh = new Mesh(options, ports);
      mkdirSync(options.logDir, { recursive: true });
      mkdirSync(options.blobDir, { recursive: true });
      try {
        for (const name of mesh.services) mesh.#spawn(name);
        await Promise.all(mesh.services.map((name) => mesh.waitReady(name)));
        return mesh;
      } catch (err) {
        await mesh.stop();
        const portTaken = mesh.services.some((name) => logTail(mesh.logFile(name)).includes('EADDRINUSE'));
        if (!portTaken || attempt >= 2) throw err;
      }
    }
  }

  /** The processes this mesh manages. */
  get services(): readonly MeshServiceName[] {
    return this.#options.services ?? MESH_SERVICES;
  }

  /** The ingestion gateway's base URL. */
  get gatewayUrl(): string {
    return `http://127.0.0.1:${this.ports.ingestion}`;
  }

  /** Log file of a process. */
  logFile(name: MeshServiceName): string {
    return path.join(this.#options.logDir, `${name}.log`);
  }

  /** The operating-system pid of each running process. */
  pids(): Partial<Record<MeshServiceName, number>> {
    const pids: Partial<Record<MeshServiceName, number>> = {};
    for (const [name, { child }] of this.#running) if (child.pid !== undefined) pids[name] = child.pid;
    return pids;
  }

  /** True while the process runs. */
  isRunning(name: MeshServiceName): boolean {
    return this.#running.has(name);
  }

  #env(name: MeshServiceName): NodeJS.ProcessEnv {
    const o = this.#options;
    const blobUrl = `file://${o.blobDir}`;
    return {
      ...process.env,
      ...o.stackEnv,
      KAFKA_TOPIC_NAMESPACE: o.namespace,
      DATABASE_URL: o.databaseUrl,
      BLOB_STORE_URL: blobUrl,
      INGEST_URI_FILE_ROOT: o.blobDir,
      HTTP_PORT: String(this.ports[name]),
      HTTP_HOST: '127.0.0.1',
      REMOTE_URL: `http://127.0.0.1:${this.ports['model-server']}`,
      MODEL_PATH: path.join(o.repoRoot, 'models', 'shelf-detector.onnx'),
      ONNX_THREADS: '1',
      UV_THREADPOOL_SIZE: '2',
      PREPROCESS_PARALLEL_IMAGES: '1',
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info',
      OTEL_TRACES_EXPORTER: 'none',
      ...o.extraEnv,
    };
  }

  #spawn(name: MeshServiceName): void {
    const spec = SERVICE_SPECS[name];
    const log = createWriteStream(this.logFile(name), { flags: 'a' });
    const runtime = this.#options.runtime ?? 'source';
    log.write(`\n==== ${new Date().toISOString()} start ${name} (${runtime}) ${spec.args.join(' ')}\n`);
    if (runtime === 'dist' && !existsSync(path.join(this.#options.repoRoot, 'services', spec.dir, 'dist'))) {
      throw new Error(
        `services/${spec.dir}/dist is missing: run \`pnpm build\` first (or use the source runtime)`,
      );
    }
    const child = spawn(
      process.execPath,
      [...(this.#options.nodeArgs ?? []), ...serviceEntryArgs(spec.dir, runtime), ...spec.args],
      {
        cwd: this.#options.repoRoot,
        env: this.#env(name),
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const exited = new Promise<number | null>((resolve) => {
      child.once('exit', (code, signal) => {
        log.end(`==== exit ${name} code=${code} signal=${signal}\n`);
        if (this.#running.get(name)?.child === child) this.#running.delete(name);
        if (!this.#stopping && signal !== 'SIGKILL') this.onUnexpectedExit(name, code, this.logFile(name));
        resolve(code);
      });
    });
    this.#running.set(name, { child, exited });
  }

  /** Resolves when the process answers 200 on its readiness path; throws (naming its log) if it exits or times out. */
  async waitReady(name: MeshServiceName): Promise<void> {
    const url = `http://127.0.0.1:${this.ports[name]}${SERVICE_SPECS[name].readyPath}`;
    const deadline = Date.now() + (this.#options.readyTimeoutMs ?? 120_000);
    while (Date.now() < deadline) {
      const running = this.#running.get(name);
      if (!running) throw new Error(`${name} exited during start-up; see ${this.logFile(name)}`);
      try {
        const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`${name} not ready after start-up timeout; see ${this.logFile(name)}`);
  }

  /** kill -9 one process (fault injection); resolves once it is gone. */
  async kill(name: MeshServiceName): Promise<void> {
    const running = this.#running.get(name);
    if (!running) return;
    running.child.kill('SIGKILL');
    await running.exited;
  }

  /** Starts a stopped or killed process again on its port and waits until it is ready. */
  async restart(name: MeshServiceName): Promise<void> {
    if (this.#running.has(name)) throw new Error(`${name} is still running`);
    this.#spawn(name);
    await this.waitReady(name);
  }

  /** SIGTERM to every process, SIGKILL to those still running after `graceMs`. Idempotent. */
  async stop(graceMs = 20_000): Promise<void> {
    this.#stopping = true;
    const all = [...this.#running.entries()];
    for (const [, r] of all) r.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      for (const [, r] of all)
        if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill('SIGKILL');
    }, graceMs);
    await Promise.all(all.map(([, r]) => r.exited));
    clearTimeout(timer);
    Mesh.#live.delete(this);
  }

  /** Synchronous last resort (process 'exit' handler): SIGKILL whatever still runs. */
  killAllNow(): void {
    this.#stopping = true;
    for (const [, r] of this.#running) r.child.kill('SIGKILL');
  }
}

/** The last 4 KiB of a log file ('' when missing). */
function logTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').slice(-4096);
  } catch {
    return '';
  }
}
