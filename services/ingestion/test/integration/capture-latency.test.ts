import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPool, ensureDatabase, migrate, type Pool } from '@shelfstream/db';
import { testStackEnvironment, uniqueName } from '@shelfstream/testkit';
import {
  CAPTURE_TO_SCORE_P99_SQL,
  createCaptureLatencyProbe,
  MIN_SCORED_CAPTURES,
} from '../../src/capture-latency.js';
import { insertScoredCaptures } from './scored-captures.js';

// The probe's query against real PostgreSQL and the real migrations: no Kafka, no service process.
const WINDOW_S = 300;
let databaseUrl: string;
let dbName: string;
let pool: Pool;

before(async () => {
  dbName = uniqueName('test_latency').replace(/-/g, '_');
  const url = new URL(
    testStackEnvironment()['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/shelfstream',
  );
  url.pathname = `/${dbName}`;
  databaseUrl = url.toString();
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  pool = createPool(databaseUrl, { max: 2 });
});

after(async () => {
  await pool?.end();
  if (!databaseUrl) return;
  const admin = createPool(databaseUrl.replace(`/${dbName}`, '/postgres'), { max: 1 });
  await admin.query(`drop database if exists "${dbName}" with (force)`).catch(() => undefined);
  await admin.end();
});

test('capture->score p99 over the window, undefined below the minimum count', async () => {
  const latency = createCaptureLatencyProbe(pool, { windowSeconds: WINDOW_S, timeoutMs: 5000 });
  const wide = createCaptureLatencyProbe(pool, { windowSeconds: 3 * WINDOW_S, timeoutMs: 5000 });
  assert.equal(await latency(), undefined, 'nothing scored yet');

  await insertScoredCaptures(pool, 'in-', 1, MIN_SCORED_CAPTURES - 1, { stepMs: 10, scoredAgoS: 10 });
  assert.equal(await latency(), undefined, `${MIN_SCORED_CAPTURES - 1} scored: too few for a p99`);

  await insertScoredCaptures(pool, 'in-', MIN_SCORED_CAPTURES, 100, { stepMs: 10, scoredAgoS: 10 });
  // 100 latencies 10, 20, ... 1000 ms: percentile_cont(0.99) = 990 + 0.01 * (1000 - 990).
  const p99 = await latency();
  assert.ok(p99 !== undefined && Math.abs(p99 - 990.1) < 0.01, `p99 ${p99}`);

  // Slow captures scored before the window, and scored ones whose ingestion event was never seen, do not count.
  await insertScoredCaptures(pool, 'old-', 1, 50, { stepMs: 60_000, scoredAgoS: 2 * WINDOW_S });
  await insertScoredCaptures(pool, 'no-ingest-', 1, 50, {
    stepMs: 60_000,
    scoredAgoS: 10,
    withIngestedAt: false,
  });
  const again = await latency();
  assert.ok(again !== undefined && Math.abs(again - 990.1) < 0.01, `p99 ${again}`);
  // ... while a window that reaches them sees them: 150 values, the top 50 from 60 s to 3000 s.
  assert.ok(((await wide()) ?? 0) > 2_900_000);
});

test('the window query can range over captures_scored_at instead of scanning captures', async () => {
  const client = await pool.connect();
  try {
    await client.query('set enable_seqscan = off');
    const plan = await client.query<{ 'QUERY PLAN': string }>(
      `explain ${CAPTURE_TO_SCORE_P99_SQL.replace('$1', String(WINDOW_S))}`,
    );
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n');
    assert.match(text, /captures_scored_at/, text);
  } finally {
    await client.query('reset enable_seqscan');
    client.release();
  }
});
