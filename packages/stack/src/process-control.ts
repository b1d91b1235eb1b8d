import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { stackError } from './reasons.js';

/** What to start: the command, its arguments and where its output goes. */
export interface LaunchSpec {
  readonly command: string;
  readonly args: readonly string[];
  /** stdout and stderr are appended here (the file is created if missing). */
  readonly logFile: string;
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/**
 * Starts `spec` detached (own process group, output to its log file) so it outlives this CLI.
 *
 * Resolves with the pid once the OS has started it; throws `STACK_SPAWN_FAILED` when it cannot start
 * (e.g. the command is not on PATH).
 */
export async function spawnDetached(spec: LaunchSpec): Promise<number> {
  await mkdir(path.dirname(spec.logFile), { recursive: true });
  const logFd = openSync(spec.logFile, 'a');
  try {
    const child = spawn(spec.command, [...spec.args], {
      detached: true,
      stdio: ['ignore', logFd, logFd],
      cwd: spec.cwd,
      env: spec.env ? { ...spec.env } : process.env,
    });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('spawn', () => resolve(child.pid as number));
      child.once('error', (err) =>
        reject(stackError('STACK_SPAWN_FAILED', `cannot start ${spec.command}: ${err.message}`, err)),
      );
    });
    child.unref();
    return pid;
  } finally {
    closeSync(logFd);
  }
}

/** Writes a pid file (creating its folder). */
export async function writePidFile(file: string, pid: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${pid}\n`);
}

/** Reads a pid file: the pid, or `undefined` when the file is missing or holds no valid pid. */
export async function readPidFile(file: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return undefined;
  const pid = Number(trimmed);
  return pid > 1 ? pid : undefined;
}

/** Removes a pid file; a missing file is fine. */
export async function removePidFile(file: string): Promise<void> {
  await rm(file, { force: true });
}

/** Whether a process with this pid exists (signal 0 probe; EPERM means it exists but is not ours). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether `pid` is alive and is one of ours: its command line mentions `token` (the state dir).
 *
 * Guards against pid reuse after a reboot, when a stale pid file may name an unrelated process. Where
 * /proc is missing (macOS) only liveness is checked.
 */
export function isOwnedProcess(pid: number, token: string, procRoot = '/proc'): boolean {
  if (!isAlive(pid)) return false;
  let cmdline: string;
  try {
    cmdline = readFileSync(path.join(procRoot, String(pid), 'cmdline'), 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    // ENOENT for the pid dir after isAlive said yes: it just exited.
    if (code === 'ENOENT' && procExists(procRoot)) return false;
    return true;
  }
  return cmdline.split('\0').some((arg) => arg.includes(token));
}

function procExists(procRoot: string): boolean {
  try {
    readFileSync(path.join(procRoot, 'self', 'cmdline'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops a process: SIGTERM, wait up to `timeoutMs` for it to exit, then SIGKILL.
 *
 * Returns how it ended: `'term'` (exited after SIGTERM), `'kill'` (needed SIGKILL) or `'gone'` (was not running).
 */
export async function stopProcess(pid: number, timeoutMs: number): Promise<'term' | 'kill' | 'gone'> {
  if (!signal(pid, 'SIGTERM')) return 'gone';
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return 'term';
    await sleep(100);
  }
  if (!signal(pid, 'SIGKILL')) return 'term';
  // SIGKILL cannot be ignored; the bound only covers a zombie its parent has not reaped yet.
  const killDeadline = Date.now() + 5000;
  while (isAlive(pid) && Date.now() < killDeadline) await sleep(50);
  return 'kill';
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}
