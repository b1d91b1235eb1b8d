import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PeriodicRun } from './periodic-run.js';

test('a tick that finds the previous run still going is skipped; stop waits for the run in progress', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  let started = 0;
  let finish: () => void = () => undefined;
  const schedule = new PeriodicRun(
    () => {
      started += 1;
      return new Promise<void>((resolve) => {
        finish = resolve;
      });
    },
    () => undefined,
  );
  schedule.start(100);
  t.mock.timers.tick(100);
  t.mock.timers.tick(100);
  t.mock.timers.tick(100);
  assert.equal(started, 1, 'no second run while the first is going');
  let stopped = false;
  const stopping = schedule.stop().then(() => {
    stopped = true;
  });
  await Promise.resolve();
  assert.equal(stopped, false, 'stop waits for the run');
  finish();
  await stopping;
  assert.equal(stopped, true);
  t.mock.timers.tick(500);
  assert.equal(started, 1, 'no run after stop');
});

test('a failed run goes to onError and the next tick runs again', async (t) => {
  t.mock.timers.enable({ apis: ['setInterval'] });
  const errors: unknown[] = [];
  let runs = 0;
  const schedule = new PeriodicRun(
    async () => {
      runs += 1;
      throw new Error('boom');
    },
    (err) => errors.push(err),
  );
  schedule.start(50);
  t.mock.timers.tick(50);
  await new Promise((r) => setImmediate(r));
  t.mock.timers.tick(50);
  await new Promise((r) => setImmediate(r));
  await schedule.stop();
  assert.equal(runs, 2);
  assert.equal(errors.length, 2);
});
