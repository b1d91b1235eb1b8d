import type { ProcessComponent, ProcessComponentName } from './component.js';
import { waitFor } from './health.js';
import { tailFile } from './log-tail.js';
import { tcpProbe } from './probes.js';
import {
  isAlive,
  isOwnedProcess,
  readPidFile,
  removePidFile,
  spawnDetached,
  writePidFile,
} from './process-control.js';
import { stackError } from './reasons.js';

/** How {@link ensureRunning} got a component up. */
export interface RunResult {
  readonly name: ProcessComponentName;
  /** `reused`: a healthy copy was already running; `restarted`: its pid file named a dead process. */
  readonly action: 'reused' | 'started' | 'restarted';
  readonly pid: number;
  readonly endpoint: string;
  readonly elapsedMs: number;
}

/** What {@link ensureRunning} needs besides the component. */
export interface RunContext {
  readonly pidFile: string;
  /** Text every command line of this stack's processes contains (the state dir + separator). */
  readonly ownerToken: string;
  readonly timeoutMs: number;
  readonly log: (line: string) => void;
}

/**
 * Makes sure one healthy copy of `component` runs: reuses a live one (waiting for it if it is still
 * starting), otherwise starts it detached, writes its pid file and waits for health.
 *
 * Throws `STACK_PORT_IN_USE` when a foreign process holds its port, `STACK_PROCESS_EXITED` when it dies
 * while starting and `STACK_HEALTH_TIMEOUT` when it is not healthy in time (both with its log tail).
 */
export async function ensureRunning(component: ProcessComponent, context: RunContext): Promise<RunResult> {
  const started = Date.now();
  const previous = await readPidFile(context.pidFile);
  if (previous !== undefined && isOwnedProcess(previous, context.ownerToken)) {
    await awaitHealthy(component, previous, context);
    await component.afterHealthy?.();
    return result(component, 'reused', previous, started);
  }
  if (previous !== undefined) await removePidFile(context.pidFile);

  for (const { port, variable } of component.ports) {
    if (await tcpProbe('127.0.0.1', port, 500)) {
      throw stackError(
        'STACK_PORT_IN_USE',
        `${component.name}: port ${port} is in use by a process this stack did not start ` +
          `(another stack? set ${variable} or STACK_PORT_OFFSET)`,
      );
    }
  }
  const spec = await component.prepare(context.log);
  const pid = await spawnDetached(spec);
  await writePidFile(context.pidFile, pid);
  await awaitHealthy(component, pid, context);
  await component.afterHealthy?.();
  return result(component, previous === undefined ? 'started' : 'restarted', pid, started);
}

async function awaitHealthy(component: ProcessComponent, pid: number, context: RunContext): Promise<void> {
  const outcome = await waitFor(() => component.probe(), {
    timeoutMs: context.timeoutMs,
    intervalMs: 300,
    abortIf: () => (isAlive(pid) ? undefined : `exited`),
  });
  if (outcome.kind === 'healthy') return;
  const tails = await Promise.all(
    component.logFiles.map(async (file) => `--- ${file} (tail)\n${await tailFile(file, 25)}`),
  );
  if (outcome.kind === 'aborted') {
    await removePidFile(context.pidFile);
    throw stackError(
      'STACK_PROCESS_EXITED',
      `${component.name} (pid ${pid}) exited while starting\n${tails.join('\n')}`,
    );
  }
  throw stackError(
    'STACK_HEALTH_TIMEOUT',
    `${component.name} (pid ${pid}) not healthy after ${Math.round(outcome.elapsedMs / 1000)}s ` +
      `(STACK_START_TIMEOUT_MS=${context.timeoutMs}); it is left running, 'pnpm stack:down' stops it\n` +
      tails.join('\n'),
  );
}

function result(
  component: ProcessComponent,
  action: RunResult['action'],
  pid: number,
  started: number,
): RunResult {
  return { name: component.name, action, pid, endpoint: component.endpoint, elapsedMs: Date.now() - started };
}
