import { setTimeout as sleep } from 'node:timers/promises';
import {
  loadStackConfig,
  type ProcessComponentName,
  pidFilePath,
  readPidFile,
  stackPaths,
  startStack,
} from '@shelfstream/stack';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * SIGKILLs one component of the running local stack (the one STACK_DIR and friends name) and resolves once it is
 * gone. For fault-injection tests: nothing but the stack's own processes is ever signalled.
 */
export async function killStackComponent(component: ProcessComponentName): Promise<number> {
  const config = loadStackConfig();
  const pid = await readPidFile(pidFilePath(stackPaths(config), component));
  if (pid === undefined || !alive(pid)) throw new Error(`the stack runs no ${component} to kill`);
  process.kill(pid, 'SIGKILL');
  const deadline = Date.now() + 10_000;
  while (alive(pid) && Date.now() < deadline) await sleep(100);
  if (alive(pid)) throw new Error(`${component} (pid ${pid}) survived SIGKILL`);
  return pid;
}

/** Starts whatever part of the local stack is down again (idempotent) and resolves when all of it is healthy. */
export async function restartStack(): Promise<void> {
  await startStack(loadStackConfig());
}
