import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  isAlive,
  isOwnedProcess,
  readPidFile,
  removePidFile,
  spawnDetached,
  stopProcess,
  writePidFile,
} from './process-control.js';

let dir: string;
const started: number[] = [];

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stack-process-'));
});
after(async () => {
  for (const pid of started) await stopProcess(pid, 1000);
  await rm(dir, { recursive: true, force: true });
});

/** A detached node that sleeps; `ignoreTerm` makes it survive SIGTERM. Its argv carries `dir`. */
async function sleeper(options: { ignoreTerm?: boolean } = {}): Promise<number> {
  const handler = options.ignoreTerm ? "process.on('SIGTERM', () => {});" : '';
  const logFile = path.join(dir, `sleeper-${started.length}.log`);
  const pid = await spawnDetached({
    command: process.execPath,
    args: [
      '-e',
      `${handler} console.log('ready'); setInterval(() => {}, 1000);`,
      path.join(dir, 'owned-marker'),
    ],
    logFile,
  });
  started.push(pid);
  // Signal only once its SIGTERM handler is installed (node starts slowly on a loaded machine).
  while (!(await readFile(logFile, 'utf8')).includes('ready')) await sleep(20);
  return pid;
}

function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '0']);
  return child.pid as number;
}

describe('pid files', () => {
  it('reads back the pid it wrote', async () => {
    const file = path.join(dir, 'run', 'kafka.pid');
    await writePidFile(file, 4242);
    assert.equal(await readFile(file, 'utf8'), '4242\n');
    assert.equal(await readPidFile(file), 4242);
  });

  it('reads a missing, empty, garbled or impossible pid file as no pid', async () => {
    assert.equal(await readPidFile(path.join(dir, 'missing.pid')), undefined);
    for (const text of ['', 'abc', '12abc', '-5', '1', '0']) {
      const file = path.join(dir, 'bad.pid');
      await writeFile(file, text);
      assert.equal(await readPidFile(file), undefined, `content ${JSON.stringify(text)}`);
    }
  });

  it('removes a pid file and tolerates one already gone', async () => {
    const file = path.join(dir, 'gone.pid');
    await writePidFile(file, 99);
    await removePidFile(file);
    await removePidFile(file);
    assert.equal(await readPidFile(file), undefined);
  });
});

describe('process liveness and ownership', () => {
  it('sees this process alive and an exited one dead', () => {
    assert.equal(isAlive(process.pid), true);
    assert.equal(isAlive(deadPid()), false);
  });

  it('owns a live process whose command line mentions the state dir, not one that does not', async () => {
    const pid = await sleeper();
    assert.equal(isOwnedProcess(pid, `${dir}/`), true);
    // A stale pid file may name an unrelated live process (pid reuse): this test runner is one.
    assert.equal(isOwnedProcess(process.pid, `${dir}/`), false);
    assert.equal(isOwnedProcess(deadPid(), `${dir}/`), false);
  });

  it('falls back to liveness where /proc is missing', async () => {
    assert.equal(isOwnedProcess(process.pid, `${dir}/`, path.join(dir, 'no-proc')), true);
  });
});

describe('spawnDetached and stopProcess', () => {
  it('appends the process output to its log file', async () => {
    const logFile = path.join(dir, 'echo.log');
    const pid = await spawnDetached({
      command: process.execPath,
      args: ['-e', "console.log('hello')"],
      logFile,
    });
    while (isAlive(pid)) await sleep(20);
    await sleep(50);
    assert.match(await readFile(logFile, 'utf8'), /hello/);
  });

  it('fails with STACK_SPAWN_FAILED when the command does not exist', async () => {
    await assert.rejects(
      spawnDetached({ command: '/nonexistent/java', args: [], logFile: path.join(dir, 'x.log') }),
      { code: 'STACK_SPAWN_FAILED' },
    );
  });

  it('stops a process with SIGTERM', async () => {
    const pid = await sleeper();
    assert.equal(await stopProcess(pid, 5000), 'term');
    assert.equal(isAlive(pid), false);
  });

  it('sends SIGKILL when SIGTERM is ignored past the timeout', async () => {
    const pid = await sleeper({ ignoreTerm: true });
    const t0 = Date.now();
    assert.equal(await stopProcess(pid, 300), 'kill');
    assert.ok(Date.now() - t0 >= 300);
    assert.equal(isAlive(pid), false);
  });

  it('reports a process that is not running as gone', async () => {
    assert.equal(await stopProcess(deadPid(), 100), 'gone');
  });
});
