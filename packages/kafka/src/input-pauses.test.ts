import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '@shelfstream/observability';
import { InputPauses, type InputPausesOptions } from './input-pauses.js';

/** Records the consumer's pause and resume calls as `pause in`, `resume retry[2]`. */
function fakeConsumer() {
  const calls: string[] = [];
  const describe = (topics: { topic: string; partitions?: number[] }[]) =>
    topics.map((t) => (t.partitions ? `${t.topic}[${t.partitions.join(',')}]` : t.topic)).join(' ');
  return {
    calls,
    consumer: {
      pause: (topics: { topic: string; partitions?: number[] }[]) => {
        calls.push(`pause ${describe(topics)}`);
      },
      resume: (topics: { topic: string; partitions?: number[] }[]) => {
        calls.push(`resume ${describe(topics)}`);
      },
    },
  };
}

function pauses(overrides: Partial<InputPausesOptions> = {}) {
  const { calls, consumer } = fakeConsumer();
  const inputPauses = new InputPauses({
    consumer: () => consumer,
    topics: ['in', 'retry'],
    running: () => true,
    now: Date.now,
    logger: createLogger({ service: 'test', level: 'silent' }),
    stage: 'test',
    ...overrides,
  });
  return { calls, pauses: inputPauses };
}

test('pausing every input pauses each topic until resumed', () => {
  const { calls, pauses: p } = pauses();
  p.pauseAll();
  assert.equal(p.all, true);
  p.resumeAll();
  assert.equal(p.all, false);
  assert.deepEqual(calls, ['pause in retry', 'resume in retry']);
});

test('a retry partition is paused alone and resumed when its record is due', async () => {
  const { calls, pauses: p } = pauses();
  p.untilDue('retry', 2, Date.now() + 30);
  assert.deepEqual(calls, ['pause retry[2]']);
  await sleep(80);
  assert.deepEqual(calls, ['pause retry[2]', 'resume retry[2]']);
});

test('a due retry partition stays paused while every input is paused, or the stage stops', async () => {
  const { calls, pauses: p } = pauses();
  p.untilDue('retry', 0, Date.now() + 10);
  p.pauseAll();
  await sleep(50);
  assert.deepEqual(calls, ['pause retry[0]', 'pause in retry']);
  let running = true;
  const stopping = pauses({ running: () => running });
  stopping.pauses.untilDue('retry', 1, Date.now() + 10);
  running = false;
  await sleep(50);
  assert.deepEqual(stopping.calls, ['pause retry[1]']);
});

test('clearing drops the pending timed resumes', async () => {
  const { calls, pauses: p } = pauses();
  p.untilDue('retry', 0, Date.now() + 10);
  p.clear();
  await sleep(50);
  assert.deepEqual(calls, ['pause retry[0]']);
});

test('an overloaded stage pauses every input once and resumes them when relieved', async () => {
  let overloaded = true;
  const { calls, pauses: p } = pauses({ isOverloaded: () => overloaded });
  p.untilRelieved();
  p.untilRelieved();
  assert.deepEqual(calls, ['pause in retry'], 'a second call while paused does nothing');
  await sleep(250);
  assert.equal(p.all, true, 'still overloaded');
  overloaded = false;
  await sleep(250);
  assert.equal(p.all, false);
  assert.deepEqual(calls, ['pause in retry', 'resume in retry']);
});

test('a resume that KafkaJS refuses while it restarts the consumer does not escape the timer', async () => {
  // KafkaJS throws from resume() between a crash and its restart; from a timer that ended the process (exit 1).
  const restarting = {
    pause: () => undefined,
    resume: () => {
      throw new Error('Consumer group was not initialized, consumer#run must be called first');
    },
  };
  let overloaded = true;
  const p = new InputPauses({
    consumer: () => restarting,
    topics: ['in'],
    running: () => true,
    now: Date.now,
    logger: createLogger({ service: 'test', level: 'silent' }),
    stage: 'test',
    isOverloaded: () => overloaded,
  });
  p.untilRelieved();
  p.untilDue('in', 0, Date.now() + 10);
  overloaded = false;
  await sleep(300);
  assert.equal(p.all, false, 'relieved: the restarted consumer comes back unpaused');
});
