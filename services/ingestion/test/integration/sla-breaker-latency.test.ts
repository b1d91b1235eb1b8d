import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitFor } from '@shelfstream/testkit';
import { MIN_SCORED_CAPTURES } from '../../src/capture-latency.js';
import { type IngestionUnderTest, startIngestion } from './harness.js';
import { insertScoredCaptures } from './scored-captures.js';

// main.ts wiring: the running service reads the state tracker's table and opens on latency alone.
let t: IngestionUnderTest;
before(async () => {
  t = await startIngestion({
    INGEST_BREAKER_MAX_LAG_RECORDS: '1000000',
    INGEST_BREAKER_MAX_LATENCY_MS: '2500',
    INGEST_BREAKER_PROBE_INTERVAL_MS: '200',
    INGEST_BREAKER_RESET_MS: '1000',
  });
});
after(async () => {
  await t?.stop();
});

async function breakerState(): Promise<string | undefined> {
  const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
  return /shelfstream_breaker_state\{[^}]*name="ingestion-sla"[^}]*\} (\d)/.exec(metrics)?.[1];
}

test('the breaker opens on a capture->score p99 over the SLA and closes once those captures are gone', async () => {
  // One slow capture short of the minimum: no reading, the breaker stays closed.
  await insertScoredCaptures(t.pool, 'slow-', 1, MIN_SCORED_CAPTURES - 1, { stepMs: 1000, scoredAgoS: 1 });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal(await breakerState(), '0');

  // Latencies 1 s .. 20 s: p99 far over 2.5 s.
  await insertScoredCaptures(t.pool, 'slow-', MIN_SCORED_CAPTURES, MIN_SCORED_CAPTURES, {
    stepMs: 1000,
    scoredAgoS: 1,
  });
  await waitFor('breaker open', async () => ((await breakerState()) === '0' ? undefined : true), 15_000, 200);

  await t.pool.query(`delete from shelfstream.captures where capture_id like 'slow-%'`);
  await waitFor(
    'breaker closed',
    async () => ((await breakerState()) === '0' ? true : undefined),
    15_000,
    200,
  );
});
