import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createLogger } from '@shelfstream/observability';
import type { Consumer } from 'kafkajs';
import { ConsumerSupervisor } from './consumer-supervisor.js';

const EVENTS = { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' } as const;

/** A KafkaJS consumer stand-in: records its calls, emits what the test tells it to. */
class FakeConsumer {
  readonly events = EVENTS;
  readonly emitter = new EventEmitter();
  readonly calls: string[] = [];
  failConnect = false;

  on(event: string, listener: (e: unknown) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  async connect(): Promise<void> {
    this.calls.push('connect');
    if (this.failConnect) throw new Error('Connection error: ECONNREFUSED');
  }

  async disconnect(): Promise<void> {
    this.calls.push('disconnect');
  }

  join(): void {
    this.emitter.emit(EVENTS.GROUP_JOIN, { payload: { memberAssignment: { t: [0] } } });
  }

  crash(restart: boolean): void {
    this.emitter.emit(EVENTS.CRASH, {
      payload: { error: new Error('Failed to find group coordinator'), restart },
    });
  }
}

const logger = createLogger({ service: 'test', level: 'silent' });
const noSleep = async () => undefined;
const settle = () => new Promise((resolve) => setImmediate(resolve));

function supervise(overrides: Partial<ConstructorParameters<typeof ConsumerSupervisor>[0]> = {}) {
  const made: FakeConsumer[] = [];
  const setUps: FakeConsumer[] = [];
  let recreated = 0;
  const supervisor = new ConsumerSupervisor({
    logger,
    sleep: noSleep,
    create: () => {
      const consumer = new FakeConsumer();
      made.push(consumer);
      return consumer as unknown as Consumer;
    },
    setUp: async (consumer) => {
      setUps.push(consumer as unknown as FakeConsumer);
      (consumer as unknown as FakeConsumer).join();
    },
    beforeRecreate: async () => {
      recreated += 1;
    },
    ...overrides,
  });
  return { supervisor, made, setUps, recreatedCount: () => recreated };
}

test('a consumer that KafkaJS will not restart is replaced by a new one that is set up again', async () => {
  const { supervisor, made, setUps, recreatedCount } = supervise();
  await supervisor.start();
  assert.equal(supervisor.ready, true);
  made[0]?.crash(false);
  assert.equal(supervisor.ready, false, 'not ready from the crash on');
  await settle();
  await settle();
  assert.equal(made.length, 2, 'a second consumer was created');
  assert.deepEqual(made[0]?.calls, ['connect', 'disconnect'], 'the crashed one was disconnected');
  assert.equal(setUps[1], made[1], 'the new consumer was subscribed and run');
  assert.equal(recreatedCount(), 1, 'state tied to the old consumer was thrown away first');
  assert.equal(supervisor.ready, true, 'ready again once the new consumer joined');
  assert.equal(supervisor.recreates, 1);
  await supervisor.stop();
});

test('a crash that KafkaJS restarts itself is left to KafkaJS', async () => {
  const { supervisor, made } = supervise();
  await supervisor.start();
  made[0]?.crash(true);
  await settle();
  assert.equal(made.length, 1);
  assert.equal(supervisor.ready, false);
  made[0]?.join();
  assert.equal(supervisor.ready, true);
  await supervisor.stop();
});

test('recreating keeps trying with growing pauses while the broker is still down', async () => {
  const pauses: number[] = [];
  let failures = 3;
  const { supervisor, made } = supervise({
    sleep: async (ms) => {
      pauses.push(ms);
    },
    create: () => {
      const consumer = new FakeConsumer();
      if (made.length > 0 && failures-- > 0) consumer.failConnect = true;
      made.push(consumer);
      return consumer as unknown as Consumer;
    },
    initialBackoffMs: 100,
    maxBackoffMs: 1000,
  });
  await supervisor.start();
  made[0]?.crash(false);
  for (let i = 0; i < 20; i++) await settle();
  assert.equal(made.length, 5, 'three failed recreates, then one that worked');
  assert.equal(supervisor.ready, true);
  assert.ok((pauses[3] ?? 0) > (pauses[0] ?? 0), `pauses grow: ${pauses.join(', ')}`);
  assert.ok(
    pauses.every((p) => p <= 1000),
    'pauses stay under the cap',
  );
  await supervisor.stop();
});

test('a consumer down longer than maxDownMs calls onFatal instead of idling behind a red readiness', async () => {
  let clock = 0;
  const fatal: Error[] = [];
  const { supervisor, made } = supervise({
    now: () => clock,
    maxDownMs: 5_000,
    sleep: async (ms) => {
      clock += ms;
    },
    create: () => {
      const consumer = new FakeConsumer();
      consumer.failConnect = made.length > 0;
      made.push(consumer);
      return consumer as unknown as Consumer;
    },
    onFatal: (err) => fatal.push(err),
  });
  await supervisor.start();
  made[0]?.crash(false);
  for (let i = 0; i < 50; i++) await settle();
  assert.equal(fatal.length, 1, 'onFatal called once');
  assert.match(fatal[0]?.message ?? '', /down for \d+ ms/);
  assert.equal(supervisor.ready, false);
  await supervisor.stop();
});

test('the process stays alive through the recreate backoff when nothing else holds the event loop', async () => {
  // With the broker down every socket is closed: an unref'd backoff timer let the process end with exit code 0
  // mid-outage (seen in broker-outage.test.ts). A child process reproduces that emptiness deterministically.
  const fixture = fileURLToPath(new URL('./test-fixtures/supervisor-lonely-backoff.ts', import.meta.url));
  const child = spawnSync(
    process.execPath,
    ['--conditions=@shelfstream/source', '--import', 'tsx', fixture],
    { encoding: 'utf8', timeout: 30_000 },
  );
  assert.equal(child.status, 0, child.stderr);
  assert.equal(
    child.stdout.trim(),
    'relaunched',
    'the replacement consumer was set up before the process ended',
  );
});

test('stop() cuts a running backoff short', async () => {
  const { supervisor, made } = supervise({ sleep: undefined, initialBackoffMs: 60_000 });
  await supervisor.start();
  made[0]?.crash(false);
  const started = Date.now();
  await settle();
  await supervisor.stop();
  assert.ok(Date.now() - started < 5_000, 'stop() did not wait for the 60 s backoff');
  assert.equal(made.length, 1, 'no consumer was created after stop()');
});
