import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { withStateLock } from './state-lock.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stack-lock-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('runs two holders of one lock one after the other', async () => {
  const lock = path.join(dir, 'run', 'a.lock');
  const events: string[] = [];
  const task = (name: string) => async () => {
    events.push(`${name}-in`);
    await sleep(100);
    events.push(`${name}-out`);
  };
  await Promise.all([withStateLock(lock, 5000, task('one')), withStateLock(lock, 5000, task('two'))]);
  // Either may win the race; what matters is that they never overlap.
  const first = events[0]?.split('-')[0];
  const second = first === 'one' ? 'two' : 'one';
  assert.deepEqual(events, [`${first}-in`, `${first}-out`, `${second}-in`, `${second}-out`]);
  assert.equal(existsSync(lock), false);
});

it('takes over a lock left by a dead process', async () => {
  const lock = path.join(dir, 'b.lock');
  const dead = spawnSync(process.execPath, ['-e', '0']).pid;
  await writeFile(lock, `${dead}\n`);
  assert.equal(await withStateLock(lock, 1000, async () => 'ran'), 'ran');
});

it('gives up with STACK_LOCKED while a live process holds the lock', async () => {
  const lock = path.join(dir, 'c.lock');
  await writeFile(lock, `${process.pid}\n`);
  await assert.rejects(
    withStateLock(lock, 300, async () => 'ran'),
    { code: 'STACK_LOCKED' },
  );
});

it('releases the lock when the task throws', async () => {
  const lock = path.join(dir, 'd.lock');
  await assert.rejects(
    withStateLock(lock, 1000, async () => Promise.reject(new Error('boom'))),
    /boom/,
  );
  assert.equal(existsSync(lock), false);
});
