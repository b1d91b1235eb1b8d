import { type ChildProcess, spawn } from 'node:child_process';
import { testStackEnvironment } from './stack-connection.js';

/** How a {@link spawnService} process is started and when it counts as started. */
export interface SpawnServiceOptions<T> {
  /** The TypeScript entry point, run from source as a deployment runs the built one. */
  readonly script: string;
  readonly args?: readonly string[];
  /** Set over `process.env` and the local stack's connection environment. */
  readonly env?: Record<string, string>;
  /** Names the process in errors. @default the script path */
  readonly name?: string;
  /**
   * Reads the output so far (stdout and stderr) and returns what `started` resolves with once the process is
   * ready, undefined before. @default resolves (with undefined) at once, i.e. no readiness wait
   */
  readonly ready?: (output: string) => T | undefined;
  /** `started` rejects when the process is not ready by then. @default no limit (only an early exit rejects) */
  readonly readyTimeoutMs?: number;
}

/** A service started by {@link spawnService}. */
export interface SpawnedService<T> {
  readonly child: ChildProcess;
  /** Resolves with `ready`'s value; rejects when the process exits first (or `readyTimeoutMs` passes). */
  readonly started: Promise<T>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Everything it wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Sends `signal` (SIGTERM by default) unless it already exited, and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a service as its own process (so a test can SIGKILL or SIGTERM it like a real one), with the local stack's
 * connection environment, and captures its output.
 */
export function spawnService<T = undefined>(options: SpawnServiceOptions<T>): SpawnedService<T> {
  const name = options.name ?? options.script;
  const child = spawn(
    process.execPath,
    ['--conditions=@shelfstream/source', '--import', 'tsx', options.script, ...(options.args ?? [])],
    {
      env: { ...process.env, ...testStackEnvironment(), ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const started = new Promise<T>((resolve, reject) => {
    const ready = options.ready ?? (() => undefined as T);
    let settled = false;
    const timer =
      options.readyTimeoutMs === undefined
        ? undefined
        : setTimeout(
            () => settle(() => reject(new Error(`${name} did not start in time:\n${text}`))),
            options.readyTimeoutMs,
          );
    function settle(action: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      action();
    }
    const onData = (d: Buffer) => {
      text += d.toString();
      const value = ready(text);
      if (value !== undefined) settle(() => resolve(value));
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    if (!options.ready) settle(() => resolve(undefined as T));
    void exited.then(({ code, signal }) =>
      settle(() => reject(new Error(`${name} exited (${code ?? signal}) before starting:\n${text}`))),
    );
  });
  started.catch(() => undefined);
  return {
    child,
    started,
    exited,
    output: () => text,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/**
 * A `ready` for services that log their HTTP address and then `msg` (service-kit's `started`, the model server's
 * `model server listening`): the address.
 */
export function loggedAddress(msg = 'started'): (output: string) => string | undefined {
  return (output) => {
    if (!output.includes(`"msg":"${msg}"`)) return undefined;
    // Only an http URL: error objects logged while starting can carry an `address` of their own.
    return /"address":"(http:\/\/[^"]+)"/.exec(output)?.[1];
  };
}
