import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isAlive } from './process-control.js';
import { stackError } from './reasons.js';

/**
 * Runs `task` holding an exclusive lock file, so two `up`/`down` commands on one state dir (two test
 * runners, a developer and CI) never start a second copy of a component.
 *
 * A lock left by a dead process is taken over. Throws `STACK_LOCKED` after `timeoutMs` of waiting.
 */
export async function withStateLock<T>(
  lockFile: string,
  timeoutMs: number,
  task: () => Promise<T>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await tryLock(lockFile)) break;
    if (Date.now() > deadline) {
      throw stackError('STACK_LOCKED', `${lockFile} is held by pid ${await holder(lockFile)}`);
    }
    await sleep(200);
  }
  try {
    return await task();
  } finally {
    await rm(lockFile, { force: true });
  }
}

async function tryLock(lockFile: string): Promise<boolean> {
  try {
    const handle = await open(lockFile, 'wx');
    await handle.writeFile(`${process.pid}\n`);
    await handle.close();
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      await mkdir(path.dirname(lockFile), { recursive: true });
      return false;
    }
    if (code !== 'EEXIST') throw err;
  }
  const pid = await holder(lockFile);
  // An empty file is a lock being written right now; only a dead holder's lock is stale.
  if (pid !== undefined && !isAlive(pid)) await rm(lockFile, { force: true });
  return false;
}

async function holder(lockFile: string): Promise<number | undefined> {
  const text = await readFile(lockFile, 'utf8').catch(() => '');
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined;
}
