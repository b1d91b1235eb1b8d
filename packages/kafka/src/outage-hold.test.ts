import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ok, retry } from '@shelfstream/errors';
import type { ChunkOutcomes } from './bounded-process.js';
import { isOutage, type OutageHoldOptions, processThroughOutages } from './outage-hold.js';
import type { StageOutput } from './stage-definition.js';

const down = retry<StageOutput>('DB_UNAVAILABLE', new Error('connection refused'));
const fine = ok<StageOutput>();

/** A fake clock that sleeping advances, and a record of holds and heartbeats. */
function clocked(overrides: Partial<OutageHoldOptions> = {}) {
  let t = 0;
  const pauses: number[] = [];
  const naps: number[] = [];
  let beats = 0;
  const options: OutageHoldOptions = {
    holdMs: 600_000,
    now: () => t,
    abandoned: () => false,
    heartbeat: async () => {
      beats += 1;
    },
    onHold: (_outage, pauseMs) => pauses.push(pauseMs),
    sleep: async (ms) => {
      naps.push(ms);
      t += ms;
    },
    ...overrides,
  };
  return { options, pauses, naps, beats: () => beats, elapsed: () => t };
}

/** A chunk whose outcomes are `script[i]` on the i-th try (the last one from then on). */
function scripted(script: readonly ChunkOutcomes[]) {
  let tries = 0;
  const processChunk = async () => script[Math.min(tries++, script.length - 1)] ?? [];
  return { processChunk, tries: () => tries };
}

test('only a retry for an *_UNAVAILABLE dependency is an outage', () => {
  assert.equal(isOutage(down), true);
  assert.equal(isOutage(retry('DB_TIMEOUT', new Error('slow'))), false);
  assert.equal(isOutage(fine), false);
  assert.equal(isOutage(undefined), false);
});

test('a chunk without an outage is processed once and not held', async () => {
  const c = clocked();
  const chunk = scripted([[fine, retry('DB_TIMEOUT', new Error('slow'))]]);
  const result = await processThroughOutages(chunk.processChunk, c.options);
  assert.equal(chunk.tries(), 1);
  assert.deepEqual(c.pauses, []);
  assert.equal(result !== 'abandoned' && result[1]?.kind, 'retry');
});

test('a chunk with one record hit by an outage is held and processed again until the dependency is back', async () => {
  const c = clocked();
  const chunk = scripted([[fine, down], [fine, down], [down], [fine, fine]]);
  const result = await processThroughOutages(chunk.processChunk, c.options);
  assert.deepEqual(result, [fine, fine]);
  assert.equal(chunk.tries(), 4);
  assert.deepEqual(c.pauses, [500, 1000, 2000], 'pauses double');
  assert.deepEqual(c.naps, [500, 1000, 1000, 1000], 'naps of at most a second');
  assert.equal(c.beats(), 4, 'a heartbeat after each nap');
});

test('pauses stop growing at 30 s', async () => {
  const c = clocked();
  const chunk = scripted([...Array.from({ length: 9 }, () => [down]), [fine]]);
  await processThroughOutages(chunk.processChunk, c.options);
  assert.deepEqual(c.pauses, [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
});

test('past the hold the outage outcomes go their normal way', async () => {
  const c = clocked({ holdMs: 2_000 });
  const chunk = scripted([[down]]);
  const result = await processThroughOutages(chunk.processChunk, c.options);
  assert.deepEqual(result, [down]);
  assert.deepEqual(c.pauses, [500, 1000, 2000], 'the last pause began inside the hold');
  assert.equal(chunk.tries(), 4);
});

test('a chunk held while the stage stops or loses the partition is abandoned', async () => {
  let stopping = false;
  const c = clocked({
    abandoned: () => stopping,
    onHold: () => {
      stopping = true;
    },
  });
  const chunk = scripted([[down]]);
  assert.equal(await processThroughOutages(chunk.processChunk, c.options), 'abandoned');
  assert.equal(chunk.tries(), 1);
});
