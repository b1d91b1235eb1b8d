import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  isOwnedProcess,
  KAFKA_NODE_NAMES,
  ownerToken,
  type ProcessComponentName,
  pidFilePath,
  readPidFile,
  type StackConfig,
  stackPaths,
  startStack,
} from '@shelfstream/stack';

/** Kills and restarts the detached Java processes of one stack (the harness's own STACK_DIR only). */
export class StackControl {
  readonly #config: StackConfig;

  constructor(config: StackConfig) {
    this.#config = config;
  }

  /**
   * SIGKILLs a component by its pid file, after checking that the pid is a process of this STACK_DIR; resolves
   * once it is gone. Throws when no process of this stack runs under that name.
   */
  async kill(name: ProcessComponentName): Promise<number> {
    const paths = stackPaths(this.#config);
    const pid = await readPidFile(pidFilePath(paths, name));
    if (pid === undefined || !isOwnedProcess(pid, ownerToken(paths)))
      throw new Error(`${name} is not running in ${paths.root}`);
    process.kill(pid, 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while (isOwnedProcess(pid, ownerToken(paths)) && Date.now() < deadline) await sleep(50);
    return pid;
  }

  /** Starts what is not running (the stack's own idempotent start): resolves when every part is healthy again. */
  async start(): Promise<void> {
    await startStack(this.#config);
  }

  /** SIGKILLs every component of this stack now, by its pid file (process 'exit' handlers); never throws. */
  killAllSync(): void {
    const paths = stackPaths(this.#config);
    for (const name of ['apicurio', ...KAFKA_NODE_NAMES, 's3proxy'] as const) {
      try {
        const pid = Number(readFileSync(pidFilePath(paths, name), 'utf8').trim());
        if (pid > 1 && isOwnedProcess(pid, ownerToken(paths))) process.kill(pid, 'SIGKILL');
      } catch {
        // no pid file, or already gone
      }
    }
  }
}
