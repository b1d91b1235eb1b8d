import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { ProcessComponent } from './component.js';
import { ensureRunning, type RunContext } from './component-runner.js';
import { httpStatus } from './probes.js';
import { isAlive, readPidFile, stopProcess } from './process-control.js';

let dir: string;
const pids = new Set<number>();

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stack-runner-'));
});
afterEach(async () => {
  for (const pid of pids) await stopProcess(pid, 2000);
  pids.clear();
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const HTTP_SERVER =
  "require('http').createServer((q, s) => s.end('ok')).listen(Number(process.argv[1]), '127.0.0.1')";

/** A fake component: a node process (argv carries the state dir) running `script`. */
function fakeComponent(port: number, script = HTTP_SERVER) {
  const counts = { prepare: 0, afterHealthy: 0 };
  const logFile = path.join(dir, 'logs', `fake-${port}.log`);
  const component: ProcessComponent = {
    name: 's3proxy',
    endpoint: `http://127.0.0.1:${port}`,
    ports: [{ port, variable: 'STACK_S3_PORT' }],
    logFiles: [logFile],
    probe: async () => (await httpStatus(`http://127.0.0.1:${port}/`, 500)) === 200,
    async prepare() {
      counts.prepare += 1;
      return { command: process.execPath, args: ['-e', script, String(port), path.join(dir, 'x')], logFile };
    },
    async afterHealthy() {
      counts.afterHealthy += 1;
    },
  };
  return { component, counts };
}

function context(name: string, timeoutMs = 10_000): RunContext {
  return {
    pidFile: path.join(dir, 'run', `${name}.pid`),
    ownerToken: `${dir}/`,
    timeoutMs,
    log: () => undefined,
  };
}

async function run(component: ProcessComponent, ctx: RunContext) {
  const result = await ensureRunning(component, ctx);
  pids.add(result.pid);
  return result;
}

describe('ensureRunning', () => {
  it('starts a component detached, writes its pid file and returns once it is healthy', async () => {
    const { component, counts } = fakeComponent(await freePort());
    const ctx = context('start');
    const result = await run(component, ctx);
    assert.equal(result.action, 'started');
    assert.equal(await readPidFile(ctx.pidFile), result.pid);
    assert.equal(await component.probe(), true);
    assert.deepEqual(counts, { prepare: 1, afterHealthy: 1 });
  });

  it('reuses a healthy running copy instead of starting a second one', async () => {
    const { component, counts } = fakeComponent(await freePort());
    const ctx = context('reuse');
    const first = await run(component, ctx);
    const second = await run(component, ctx);
    assert.equal(second.action, 'reused');
    assert.equal(second.pid, first.pid);
    assert.equal(counts.prepare, 1);
    assert.equal(counts.afterHealthy, 2);
  });

  it('restarts a component whose pid file names a dead process', async () => {
    const { component } = fakeComponent(await freePort());
    const ctx = context('restart');
    const first = await run(component, ctx);
    await stopProcess(first.pid, 0);
    assert.equal(isAlive(first.pid), false);
    const second = await run(component, ctx);
    assert.equal(second.action, 'restarted');
    assert.notEqual(second.pid, first.pid);
    assert.equal(await readPidFile(ctx.pidFile), second.pid);
  });

  it('refuses to start over a foreign process on its port, naming the port variable', async () => {
    const port = await freePort();
    const squatter: Server = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    try {
      const { component, counts } = fakeComponent(port);
      await assert.rejects(ensureRunning(component, context('squat')), {
        code: 'STACK_PORT_IN_USE',
        message: new RegExp(`port ${port} .*STACK_S3_PORT`),
      });
      assert.equal(counts.prepare, 0);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('fails with STACK_PROCESS_EXITED and the log tail when the process dies while starting', async () => {
    const script = "console.error('boom: broken config'); process.exit(3)";
    const { component } = fakeComponent(await freePort(), script);
    const ctx = context('exits');
    await assert.rejects(ensureRunning(component, ctx), (err: Error) => {
      assert.equal((err as { code?: string }).code, 'STACK_PROCESS_EXITED');
      assert.match(err.message, /boom: broken config/);
      return true;
    });
    assert.equal(existsSync(ctx.pidFile), false);
  });

  it('fails with STACK_HEALTH_TIMEOUT when the process runs but never becomes healthy', async () => {
    const script = "console.log('still warming up'); setInterval(() => {}, 1000)";
    const { component } = fakeComponent(await freePort(), script);
    const ctx = context('timeout', 2500);
    await assert.rejects(ensureRunning(component, ctx), (err: Error) => {
      assert.equal((err as { code?: string }).code, 'STACK_HEALTH_TIMEOUT');
      assert.match(err.message, /still warming up/);
      return true;
    });
    const pid = await readPidFile(ctx.pidFile);
    assert.ok(pid !== undefined);
    pids.add(pid);
  });
});
