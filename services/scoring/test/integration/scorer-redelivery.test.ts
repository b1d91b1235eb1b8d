/**
 * Issue 12 (defect 1): a PostgreSQL write that commits and then reports an error must not turn the record's retry into
 * a silent loss. The scorer runs in-process against a database of its own (no Kafka needed): its `process` is handed
 * the records the runner would hand it, first on the detections topic, then back through the retry topic with the
 * same first origin.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type CaptureUnscorable,
  type ComplianceScored,
  type DetectionsProduced,
  type TopicNames,
  topicNames,
  type VersionDrift,
} from '@shelfstream/contracts';
import { type Pool, publishPlanogram } from '@shelfstream/db';
import type { FirstOrigin, StageOutput, StageRecord } from '@shelfstream/kafka';
import { createLogger, extractTraceContext } from '@shelfstream/observability';
import { uniqueName } from '@shelfstream/testkit';
import type pg from 'pg';
import { createStage } from '../../src/stage.js';
import { sampleDetections, samplePlanogram } from './fixtures.js';
import { createTestDatabase, type TestDatabase } from './harness.js';

const store = 'store-redelivery';
const aisle = 'A01';
const topics: TopicNames = topicNames('t-redelivery');
const logger = createLogger({ service: 'test', level: 'silent' as 'fatal' });

let database: TestDatabase;
let pool: Pool;

before(async () => {
  database = await createTestDatabase(uniqueName('redelivery'), 2);
  pool = database.pool;
  assert.equal((await publishPlanogram(pool, samplePlanogram(store, aisle, 1))).kind, 'published');
});

after(async () => {
  await database?.drop();
});

/**
 * A pool whose next transaction COMMITs and then throws as if the connection dropped before the reply: the rows are
 * in PostgreSQL, the scorer sees an error.
 */
class FakeCommitThenThrowPool {
  failNextCommit = true;
  readonly #pool: Pool;

  constructor(real: Pool) {
    this.#pool = real;
  }

  query(...args: Parameters<Pool['query']>) {
    return (this.#pool.query as (...a: unknown[]) => unknown)(...args);
  }

  async connect(): Promise<pg.PoolClient> {
    const client = await this.#pool.connect();
    const query = client.query.bind(client) as (...a: unknown[]) => Promise<unknown>;
    return new Proxy(client, {
      get: (target, name, receiver) => {
        if (name !== 'query') return Reflect.get(target, name, receiver);
        return async (...args: unknown[]) => {
          const result = await query(...args);
          if (args[0] === 'commit' && this.failNextCommit) {
            this.failNextCommit = false;
            throw new Error('Connection terminated unexpectedly');
          }
          return result;
        };
      },
    });
  }
}

function record(value: DetectionsProduced, at: FirstOrigin, firstOrigin: FirstOrigin = at) {
  const r: StageRecord<DetectionsProduced> = {
    topic: at.topic,
    originTopic: firstOrigin.topic,
    firstOrigin,
    partition: at.partition,
    offset: at.offset,
    key: value.capture_id,
    value,
    rawValue: Buffer.alloc(0),
    headers: {},
    attempt: at === firstOrigin ? 1 : 2,
    firstSeenMs: value.produced_at,
    traceContext: extractTraceContext({}),
    logger,
  };
  return r;
}

function stageOver(fake: FakeCommitThenThrowPool) {
  return createStage({
    pool: fake as unknown as pg.Pool,
    topics,
    confidenceFloor: 0.3,
    minDetectionsWithoutShelf: 3,
    minCoverage: 0.6,
  });
}

const retryAt = (offset: number): FirstOrigin => ({
  topic: topics.retry('scoring'),
  partition: 1,
  offset: String(offset),
});
const detectionsAt = (offset: number): FirstOrigin => ({
  topic: topics.detections,
  partition: 0,
  offset: String(offset),
});
const outputsOn = (outputs: readonly StageOutput[], topic: string) =>
  outputs.filter((o) => o.topic === topic);

test('re-emits ComplianceScored when a retry redelivers a record whose result row committed and then threw (issue 12)', async () => {
  const fake = new FakeCommitThenThrowPool(pool);
  const processChunk = stageOver(fake);
  const detections = sampleDetections(store, aisle, 1);
  const [failed] = await processChunk([record(detections, detectionsAt(5))]);
  assert.equal(failed?.kind, 'retry');
  assert.equal(failed?.kind === 'retry' ? failed.code : '', 'SCORING_DB_UNAVAILABLE');
  const rows = await pool.query('select 1 from shelfstream.compliance_results where capture_id = $1', [
    detections.capture_id,
  ]);
  assert.equal(rows.rowCount, 1, 'the result row committed before the error');

  const [redelivered] = await processChunk([record(detections, retryAt(17), detectionsAt(5))]);
  assert.equal(redelivered?.kind, 'ok');
  const scored = redelivered?.kind === 'ok' ? outputsOn(redelivered.outputs, topics.compliance) : [];
  assert.equal(scored.length, 1);
  assert.equal((scored[0]?.value as ComplianceScored | undefined)?.capture_id, detections.capture_id);

  // A different record of the same capture (a resend) is still a duplicate, on the input or the retry topic.
  const [resent, resentRetried] = await processChunk([
    record(detections, detectionsAt(6)),
    record(detections, retryAt(18), detectionsAt(6)),
  ]);
  assert.deepEqual(resent, { kind: 'skip', code: 'DUPLICATE' });
  assert.deepEqual(resentRetried, { kind: 'skip', code: 'DUPLICATE' });
});

test('re-emits VersionDrift when a retry redelivers a record whose drift hold committed and then threw (issue 12)', async () => {
  const fake = new FakeCommitThenThrowPool(pool);
  const processChunk = stageOver(fake);
  const drifted = sampleDetections(store, aisle, 2, { version: 'v7' });
  const [failed] = await processChunk([record(drifted, detectionsAt(9))]);
  assert.equal(failed?.kind, 'retry');
  const holds = await pool.query('select 1 from shelfstream.drift_holds where capture_id = $1', [
    drifted.capture_id,
  ]);
  assert.equal(holds.rowCount, 1, 'the hold committed before the error');

  const [redelivered] = await processChunk([record(drifted, retryAt(21), detectionsAt(9))]);
  assert.equal(redelivered?.kind, 'ok');
  const drift = redelivered?.kind === 'ok' ? outputsOn(redelivered.outputs, topics.planogramDrift) : [];
  assert.equal(drift.length, 1);
  assert.equal((drift[0]?.value as VersionDrift | undefined)?.capture_id, drifted.capture_id);

  const [resent] = await processChunk([record(drifted, detectionsAt(10))]);
  assert.deepEqual(resent, { kind: 'skip', code: 'DUPLICATE' });
});

test('re-emits CaptureUnscorable and its recapture request when a retry redelivers a record whose unscorable row committed and then threw', async () => {
  const fake = new FakeCommitThenThrowPool(pool);
  const processChunk = stageOver(fake);
  const blank = { ...sampleDetections(store, aisle, 3), detections: [], shelf_lines_found: 0 };
  const [failed] = await processChunk([record(blank, detectionsAt(12))]);
  assert.equal(failed?.kind, 'retry');
  const rows = await pool.query('select 1 from shelfstream.unscorable_captures where capture_id = $1', [
    blank.capture_id,
  ]);
  assert.equal(rows.rowCount, 1, 'the unscorable row committed before the error');

  const [redelivered] = await processChunk([record(blank, retryAt(25), detectionsAt(12))]);
  assert.equal(redelivered?.kind, 'ok');
  const outputs = redelivered?.kind === 'ok' ? redelivered.outputs : [];
  const unscorable = outputsOn(outputs, topics.unscorable);
  assert.equal(unscorable.length, 1);
  assert.equal(
    (unscorable[0]?.value as CaptureUnscorable | undefined)?.reason_code,
    'SCORING_NO_SHELF_FOUND',
  );
  assert.equal(outputsOn(outputs, topics.recaptureRequests).length, 1);
  assert.equal(outputsOn(outputs, topics.compliance).length, 0, 'never a score');

  const [resent] = await processChunk([record(blank, detectionsAt(13))]);
  assert.deepEqual(resent, { kind: 'skip', code: 'DUPLICATE' });
});

test('re-emits the superseding ComplianceScored when a retry redelivers a re-score whose rows committed and then threw', async () => {
  const edge = {
    ...sampleDetections(store, aisle, 4, { layout: 'missing-d' }),
    fallback_reasons: ['INFERENCE_BREAKER_OPEN'],
  };
  const fake = new FakeCommitThenThrowPool(pool);
  fake.failNextCommit = false;
  const processChunk = stageOver(fake);
  const [first] = await processChunk([record(edge, detectionsAt(30))]);
  assert.equal(first?.kind, 'ok');
  const queued = await pool.query('select 1 from shelfstream.rescore_requests where capture_id = $1', [
    edge.capture_id,
  ]);
  assert.equal(queued.rowCount, 1, 'queued for a re-score with its first score');

  const remote: DetectionsProduced = {
    ...sampleDetections(store, aisle, 4, { layout: 'perfect' }),
    tier: 'REMOTE',
    rescore: true,
  };
  fake.failNextCommit = true;
  const [failed] = await processChunk([record(remote, detectionsAt(31))]);
  assert.equal(failed?.kind, 'retry');
  const superseded = await pool.query(
    'select tier from shelfstream.superseded_results where capture_id = $1',
    [edge.capture_id],
  );
  assert.deepEqual(superseded.rows, [{ tier: 'EDGE' }], 'the supersede committed before the error');

  const [redelivered] = await processChunk([record(remote, retryAt(40), detectionsAt(31))]);
  assert.equal(redelivered?.kind, 'ok');
  const scored = redelivered?.kind === 'ok' ? outputsOn(redelivered.outputs, topics.compliance) : [];
  assert.equal(scored.length, 1);
  const value = scored[0]?.value as ComplianceScored | undefined;
  assert.equal(value?.tier, 'REMOTE');
  assert.equal(value?.supersedes?.tier, 'EDGE');

  // Another re-score record of the capture (the job sent it twice) is a duplicate; so is the first score's resend.
  const [again, resent] = await processChunk([
    record(remote, detectionsAt(32)),
    record(edge, detectionsAt(33)),
  ]);
  assert.deepEqual(again, { kind: 'skip', code: 'DUPLICATE' });
  assert.deepEqual(resent, { kind: 'skip', code: 'DUPLICATE' });
});
