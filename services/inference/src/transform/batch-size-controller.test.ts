import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchSizeController } from './batch-size-controller.js';

/** Runs `rounds` batches through a controller with a cost model; returns the sizes it chose. */
function simulate(
  controller: BatchSizeController,
  latencyOf: (size: number) => number,
  rounds: number,
  backlog = 1000,
  memoryRatio = 0.5,
): number[] {
  const sizes: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const size = controller.next;
    sizes.push(size);
    controller.observe({ size, latencyMs: latencyOf(size), backlog, memoryRatio });
  }
  return sizes;
}

describe('BatchSizeController', () => {
  it('settles on 1 when a batch of n costs n single runs (batching does not pay on this CPU)', () => {
    const c = new BatchSizeController({ maxBatch: 32, latencySlaMs: 10_000 });
    const sizes = simulate(c, (n) => 40 * n, 60);
    assert.equal(c.target, 1);
    assert.deepEqual(sizes.slice(-10), Array(10).fill(1), `sizes: ${sizes.join(',')}`);
  });

  it('keeps large batches while they are clearly cheaper per image and a backlog waits', () => {
    const c = new BatchSizeController({ maxBatch: 32, latencySlaMs: 10_000, initialBatch: 4 });
    simulate(c, (n) => 100 + 5 * n, 60);
    assert.equal(c.target, 32);
  });

  it('shrinks below the pressure cap when memory passes 85 % of the limit', () => {
    const c = new BatchSizeController({ maxBatch: 32, pressureMaxBatch: 8, latencySlaMs: 10_000 });
    assert.equal(c.next, 32);
    const decision = c.observe({ size: 32, latencyMs: 100, backlog: 1000, memoryRatio: 0.9 });
    assert.equal(decision, 'memory-pressure');
    assert.equal(c.target, 8);
    c.observe({ size: 8, latencyMs: 30, backlog: 1000, memoryRatio: 0.9 });
    assert.equal(c.target, 4);
  });

  it('halves the target when a batch runs over the latency SLA', () => {
    const c = new BatchSizeController({ maxBatch: 32, latencySlaMs: 500 });
    assert.equal(c.observe({ size: 32, latencyMs: 900, backlog: 0, memoryRatio: 0.1 }), 'over-sla');
    assert.equal(c.target, 16);
  });

  it('grows additively only while a backlog waits', () => {
    const c = new BatchSizeController({ maxBatch: 32, latencySlaMs: 10_000, initialBatch: 1 });
    assert.equal(c.observe({ size: 1, latencyMs: 10, backlog: 0, memoryRatio: 0.1 }), 'hold');
    assert.equal(c.target, 1);
    assert.equal(c.observe({ size: 1, latencyMs: 10, backlog: 50, memoryRatio: 0.1 }), 'grow');
    assert.equal(c.target, 2);
  });
});
