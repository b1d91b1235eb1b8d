import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loggedAddress, spawnService } from './spawn-service.js';

const dir = mkdtempSync(join(tmpdir(), 'spawn-service-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in service: logs what `lines` says, then stays up until signalled (or exits with `exitCode`). */
function script(name: string, lines: readonly object[], exitCode?: number): string {
  const path = join(dir, `${name}.mjs`);
  const end = exitCode === undefined ? 'setInterval(() => undefined, 1000);' : `process.exit(${exitCode});`;
  writeFileSync(
    path,
    `${lines.map((l) => `console.log(${JSON.stringify(JSON.stringify(l))});`).join('\n')}\nconsole.error(process.env.PROBE ?? '');\n${end}\n`,
  );
  return path;
}

test('started resolves with the logged http address once the ready message is out, and stop ends it', async () => {
  const service = spawnService({
    script: script('ok', [
      { msg: 'connecting', err: { address: '127.0.0.1' } },
      { msg: 'health and metrics listening', address: 'http://127.0.0.1:4321' },
      { msg: 'started' },
    ]),
    env: { PROBE: 'env-reached' },
    ready: loggedAddress(),
  });
  assert.equal(await service.started, 'http://127.0.0.1:4321');
  // stderr is its own pipe: under load its line may arrive after stdout's ready line (seen in CI).
  for (let i = 0; i < 100 && !/env-reached/.test(service.output()); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await service.stop();
  assert.equal((await service.exited).signal, 'SIGTERM');
  assert.match(service.output(), /env-reached/, 'stderr captured, env passed');
});

test('started rejects with the output when the process exits before it is ready', async () => {
  const service = spawnService({
    script: script('dies', [{ msg: 'boom' }], 3),
    name: 'dying service',
    ready: loggedAddress(),
  });
  await assert.rejects(service.started, /dying service exited \(3\) before starting:\n.*boom/s);
});

test('started rejects after readyTimeoutMs when the ready message never comes', async () => {
  const service = spawnService({
    script: script('silent', [{ msg: 'still warming up' }]),
    name: 'slow service',
    ready: loggedAddress(),
    readyTimeoutMs: 300,
  });
  await assert.rejects(service.started, /slow service did not start in time/);
  await service.stop('SIGKILL');
});
