import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { deadLetter, ok, StageError } from '@shelfstream/errors';
import { createLogger } from '@shelfstream/observability';
import { type ProcessBound, processWithinBound } from './bounded-process.js';
import type { StageOutput, StageRecord } from './stage-definition.js';

const records = [{ offset: '0' }, { offset: '1' }] as unknown as StageRecord<unknown>[];
const logger = createLogger({ service: 'test', level: 'silent' });

function bound(overrides: Partial<ProcessBound> = {}): ProcessBound {
  return {
    boundMs: 1_000,
    heartbeatIntervalMs: 10,
    heartbeat: async () => undefined,
    logger,
    stage: 'test',
    ...overrides,
  };
}

/** The outcomes of a stage that throws `err` over the two records. */
function whenStageThrows(err: unknown) {
  return processWithinBound(
    async () => {
      throw err;
    },
    records,
    bound(),
  );
}

test("the stage's outcomes come back in order", async () => {
  const outcomes = [ok<StageOutput>(), deadLetter('TEST_PERMANENT', new Error('x'))];
  assert.deepEqual(await processWithinBound(async () => outcomes, records, bound()), outcomes);
});

test('an empty chunk is not handed to the stage', async () => {
  let called = false;
  const result = await processWithinBound(
    async () => {
      called = true;
      return [];
    },
    [],
    bound(),
  );
  assert.deepEqual(result, []);
  assert.equal(called, false);
});

test("a StageError thrown by the stage becomes every record's outcome, retried when retriable", async () => {
  const retriable = await whenStageThrows(new StageError('DB_UNAVAILABLE', 'down', { retriable: true }));
  assert.deepEqual(
    retriable.map((o) => [o?.kind, o && 'code' in o ? o.code : undefined]),
    [
      ['retry', 'DB_UNAVAILABLE'],
      ['retry', 'DB_UNAVAILABLE'],
    ],
  );
  const permanent = await whenStageThrows(new StageError('TEST_PERMANENT', 'bad', { retriable: false }));
  assert.deepEqual(
    permanent.map((o) => o?.kind),
    ['dead-letter', 'dead-letter'],
  );
});

test('an unknown error thrown by the stage dead-letters every record as STAGE_UNHANDLED_ERROR', async () => {
  const result = await whenStageThrows(new TypeError('undefined is not a function'));
  assert.deepEqual(
    result.map((o) => o && 'code' in o && o.code),
    ['STAGE_UNHANDLED_ERROR', 'STAGE_UNHANDLED_ERROR'],
  );
});

test('a stage returning the wrong number of outcomes dead-letters the chunk as STAGE_UNHANDLED_ERROR', async () => {
  const result = await processWithinBound(async () => [ok<StageOutput>()], records, bound());
  assert.equal(result.length, 2);
  const first = result[0];
  assert.equal(first?.kind, 'dead-letter');
  assert.equal(
    first?.kind === 'dead-letter' && first.error.message,
    'process returned 1 outcomes for 2 records',
  );
});

test('a chunk past its bound has its records retried as KAFKA_CHUNK_TIMEOUT', async () => {
  const result = await processWithinBound(
    () => new Promise(() => undefined),
    records,
    bound({ boundMs: 50 }),
  );
  assert.deepEqual(
    result.map((o) => o && 'code' in o && o.code),
    ['KAFKA_CHUNK_TIMEOUT', 'KAFKA_CHUNK_TIMEOUT'],
  );
});

test('the group is heartbeaten while the stage works, and no longer once it is done', async () => {
  let beats = 0;
  let threeBeats: () => void = () => undefined;
  const heard = new Promise<void>((resolve) => {
    threeBeats = resolve;
  });
  const heartbeat = async () => {
    beats += 1;
    if (beats === 3) threeBeats();
  };
  // The stage finishes only once the group was heartbeaten three times while it worked.
  const result = await processWithinBound(
    async () => {
      await heard;
      return [ok<StageOutput>(), ok<StageOutput>()];
    },
    records,
    bound({ heartbeat, boundMs: 60_000 }),
  );
  assert.deepEqual(
    result.map((o) => o?.kind),
    ['ok', 'ok'],
    'finished within its bound',
  );
  const after = beats;
  await sleep(50);
  assert.equal(beats, after, 'stopped with the chunk');
});

test('a failing heartbeat does not fail the chunk', async () => {
  const heartbeat = async () => {
    throw new Error('coordinator not available');
  };
  const outcomes = [ok<StageOutput>(), ok<StageOutput>()];
  const result = await processWithinBound(
    async () => {
      await sleep(40);
      return outcomes;
    },
    records,
    bound({ heartbeat }),
  );
  assert.deepEqual(result, outcomes);
});
