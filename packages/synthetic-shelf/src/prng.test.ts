import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPrng } from './prng.js';

describe('createPrng', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const a = createPrng(99);
    const b = createPrng(99);
    const c = createPrng(100);
    const sa = Array.from({ length: 5 }, () => a.next());
    assert.deepEqual(
      sa,
      Array.from({ length: 5 }, () => b.next()),
    );
    assert.notDeepEqual(
      sa,
      Array.from({ length: 5 }, () => c.next()),
    );
  });

  it('keeps int() within its inclusive bounds and reaches both ends', () => {
    const p = createPrng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) seen.add(p.int(2, 4));
    assert.deepEqual([...seen].sort(), [2, 3, 4]);
  });
});
