import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchSizeController } from './batch-size-controller.js';
import { type Batch, type BatcherClock, DynamicBatcher } from './dynamic-batcher.js';

/** A manual clock: timers fire only when the test advances time. */
class FakeClock implements BatcherClock {
  #now = 0;
  #timers: { at: number; fn: () => void; id: number }[] = [];
  #id = 0;
  now(): number {
    return this.#now;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.#id;
    this.#timers.push({ at: this.#now + ms, fn, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }
  advance(ms: number): void {
    this.#now += ms;
    const due = this.#timers.filter((t) => t.at <= this.#now).sort((a, b) => a.at - b.at);
    this.#timers = this.#timers.filter((t) => t.at > this.#now);
    for (const t of due) t.fn();
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function recordingBatcher(size: number, clock: FakeClock, maxDelayMs = 50) {
  const batches: Batch<number>[] = [];
  const batcher = new DynamicBatcher<number, number>({
    batchSize: () => size,
    maxDelayMs,
    clock,
    run: async (batch) => {
      batches.push(batch);
      return batch.items.map((x) => x * 10);
    },
  });
  return { batches, batcher };
}

describe('DynamicBatcher', () => {
  it('dispatches a batch as soon as a route fills up to the batch size, without waiting for the delay', async () => {
    const clock = new FakeClock();
    const { batches, batcher } = recordingBatcher(3, clock);
    const results = [1, 2, 3].map((i) => batcher.submit('GONDOLA', i));
    assert.deepEqual(await Promise.all(results), [10, 20, 30]);
    assert.equal(batches.length, 1);
    assert.equal(batches[0]?.trigger, 'size');
    assert.equal(clock.now(), 0);
  });

  it('dispatches a partial batch only once its oldest item waited max_delay_ms', async () => {
    const clock = new FakeClock();
    const { batches, batcher } = recordingBatcher(8, clock, 50);
    const a = batcher.submit('GONDOLA', 1);
    clock.advance(30);
    const b = batcher.submit('GONDOLA', 2);
    await flush();
    assert.equal(batches.length, 0, 'nothing runs before the delay');
    clock.advance(19);
    await flush();
    assert.equal(batches.length, 0);
    clock.advance(1);
    assert.deepEqual(await Promise.all([a, b]), [10, 20]);
    assert.equal(batches[0]?.trigger, 'delay');
    assert.deepEqual(batches[0]?.items, [1, 2]);
  });

  it('never mixes routes in one batch', async () => {
    const clock = new FakeClock();
    const { batches, batcher } = recordingBatcher(2, clock);
    const all = [
      batcher.submit('GONDOLA', 1),
      batcher.submit('FREEZER', 2),
      batcher.submit('GONDOLA', 3),
      batcher.submit('FREEZER', 4),
    ];
    await Promise.all(all);
    assert.deepEqual(
      batches.map((b) => [b.route, [...b.items]]),
      [
        ['GONDOLA', [1, 3]],
        ['FREEZER', [2, 4]],
      ],
    );
  });

  it('runs one batch at a time', async () => {
    const clock = new FakeClock();
    let running = 0;
    let most = 0;
    const batcher = new DynamicBatcher<number, number>({
      batchSize: () => 1,
      maxDelayMs: 10,
      clock,
      run: async (batch) => {
        running++;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        return [...batch.items];
      },
    });
    await Promise.all([1, 2, 3, 4].map((i) => batcher.submit('r', i)));
    assert.equal(most, 1);
  });

  it('rejects every item of a failed batch with the runner error', async () => {
    const clock = new FakeClock();
    const batcher = new DynamicBatcher<number, number>({
      batchSize: () => 2,
      maxDelayMs: 10,
      clock,
      run: async () => {
        throw Object.assign(new Error('boom'), { code: 'X' });
      },
    });
    const results = await Promise.allSettled([batcher.submit('r', 1), batcher.submit('r', 2)]);
    assert.ok(results.every((r) => r.status === 'rejected' && (r.reason as { code: string }).code === 'X'));
  });

  it('follows an adaptive size: batches shrink when the controller shrinks under memory pressure', async () => {
    const clock = new FakeClock();
    const controller = new BatchSizeController({ maxBatch: 32, pressureMaxBatch: 8, latencySlaMs: 1000 });
    const sizes: number[] = [];
    const batcher = new DynamicBatcher<number, number>({
      batchSize: () => controller.next,
      maxDelayMs: 10,
      clock,
      run: async (batch) => {
        sizes.push(batch.items.length);
        controller.observe({ size: batch.items.length, latencyMs: 10, backlog: 0, memoryRatio: 0.9 });
        return [...batch.items];
      },
    });
    await Promise.all(Array.from({ length: 32 }, (_, i) => batcher.submit('r', i)));
    await Promise.all(Array.from({ length: 8 }, (_, i) => batcher.submit('r', i)));
    assert.deepEqual(sizes, [32, 8]);
  });

  it('drain dispatches what is queued at once', async () => {
    const clock = new FakeClock();
    const { batches, batcher } = recordingBatcher(8, clock);
    const p = batcher.submit('r', 1);
    batcher.drain();
    assert.equal(await p, 10);
    assert.equal(batches[0]?.trigger, 'drain');
  });
});
