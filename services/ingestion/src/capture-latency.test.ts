import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pool } from '@shelfstream/db';
import { createCaptureLatencyProbe, MIN_SCORED_CAPTURES } from './capture-latency.js';

type Row = { scored: number; p99_ms: number | null };

/** A pool whose query answers from `answer` (a row, an error to throw, or a promise that never settles). */
class FakePool {
  queries = 0;
  answer: () => Promise<Row> = async () => ({ scored: 0, p99_ms: null });
  async query(): Promise<{ rows: Row[] }> {
    this.queries += 1;
    return { rows: [await this.answer()] };
  }
  asPool(): Pool {
    return this as unknown as Pool;
  }
}

test('reads the p99 once enough captures were scored in the window, undefined below the minimum', async () => {
  const pool = new FakePool();
  const latency = createCaptureLatencyProbe(pool.asPool(), { windowSeconds: 300, timeoutMs: 1000 });
  pool.answer = async () => ({ scored: MIN_SCORED_CAPTURES - 1, p99_ms: 9000 });
  assert.equal(await latency(), undefined);
  pool.answer = async () => ({ scored: MIN_SCORED_CAPTURES, p99_ms: 9000 });
  assert.equal(await latency(), 9000);
  pool.answer = async () => ({ scored: 0, p99_ms: null });
  assert.equal(await latency(), undefined);
});

test('a failing query is undefined, reported once per failure streak and once on recovery', async () => {
  const pool = new FakePool();
  const events: string[] = [];
  const latency = createCaptureLatencyProbe(pool.asPool(), {
    windowSeconds: 300,
    timeoutMs: 1000,
    onError: (err) => events.push(`error: ${(err as Error).message}`),
    onRecovered: () => events.push('recovered'),
  });
  pool.answer = async () => {
    throw new Error('connection refused');
  };
  assert.equal(await latency(), undefined);
  assert.equal(await latency(), undefined);
  assert.equal(await latency(), undefined);
  pool.answer = async () => ({ scored: 50, p99_ms: 120 });
  assert.equal(await latency(), 120);
  pool.answer = async () => {
    throw new Error('connection refused again');
  };
  assert.equal(await latency(), undefined);
  assert.deepEqual(events, ['error: connection refused', 'recovered', 'error: connection refused again']);
});

test('a stuck query times out as undefined and is not started again while it runs', async () => {
  const pool = new FakePool();
  const errors: unknown[] = [];
  let release: (row: Row) => void = () => undefined;
  pool.answer = () =>
    new Promise<Row>((resolve) => {
      release = resolve;
    });
  const latency = createCaptureLatencyProbe(pool.asPool(), {
    windowSeconds: 300,
    timeoutMs: 50,
    onError: (err) => errors.push(err),
  });
  assert.equal(await latency(), undefined);
  assert.equal(await latency(), undefined);
  assert.equal(pool.queries, 1, 'the second probe waits on the same query');
  assert.equal(errors.length, 1);
  assert.match(String(errors[0]), /took over 50 ms/);
  release({ scored: 30, p99_ms: 700 });
  await new Promise((resolve) => setImmediate(resolve));
  pool.answer = async () => ({ scored: 30, p99_ms: 800 });
  assert.equal(await latency(), 800);
  assert.equal(pool.queries, 2);
});
