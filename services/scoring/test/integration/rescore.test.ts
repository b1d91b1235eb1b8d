import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type ComplianceScored,
  type DetectionsProduced,
  type RescoreRequested,
  topicNames,
} from '@shelfstream/contracts';
import { publishPlanogram } from '@shelfstream/db';
import { readTopic, waitFor } from '@shelfstream/testkit';
import { sampleDetections, samplePlanogram } from './fixtures.js';
import { createWorld, type ServiceProcess, scrapeMetric, startScoring, type TestWorld } from './harness.js';

/**
 * Re-scoring on the real stack, scorer and state-tracker processes, tier 1 played by the test: captures scored by the
 * edge tier while tier 1's breaker was open are queued; the job sends nothing until tier 1 scores a capture again,
 * then one request each; tier 1's detections (`rescore` set) supersede the edge scores once: a second record per
 * capture naming the earlier score, the row replaced, the earlier one kept; a second re-score is a duplicate.
 */
let world: TestWorld;
let scorer: ServiceProcess;
let tracker: ServiceProcess;
let metricsUrl: string;
const store = 'store-it-rescore';
const aisle = 'A01';
const topics = () => topicNames(world.namespace);

before(async () => {
  world = await createWorld('t-rescore');
  assert.equal((await publishPlanogram(world.pool, samplePlanogram(store, aisle, 1))).kind, 'published');
  scorer = startScoring(world, 'scorer');
  tracker = startScoring(world, 'state-tracker', { SCORING_RESCORE_INTERVAL_MS: '200' });
  [metricsUrl] = await Promise.all([scorer.started, tracker.started]);
});

after(async () => {
  await Promise.all([scorer?.stop(), tracker?.stop()]);
  await world?.close();
});

const send = (records: readonly DetectionsProduced[]) =>
  world.producer.send(records.map((d) => ({ topic: topics().detections, key: d.capture_id, value: d })));

const readCompliance = (
  until: (r: readonly { decoded?: ComplianceScored }[]) => boolean,
  timeoutMs = 30_000,
) =>
  readTopic<ComplianceScored>(world.kafka, topics().compliance, {
    until,
    decode: (v) => world.codec.decode(v, topics().compliance),
    timeoutMs,
  });

const rows = async <T extends object>(sql: string, params: unknown[]) =>
  (await world.pool.query<T & Record<string, unknown>>(sql, params)).rows;

// Edge scores with one facing of D missing, while tier 1's breaker was open; one more after low confidence.
const edge = [1, 2, 3].map((i) => ({
  ...sampleDetections(store, aisle, i, { layout: 'missing-d' }),
  fallback_reasons: ['INFERENCE_BREAKER_OPEN'],
}));
const lowConfidence = {
  ...sampleDetections(store, aisle, 4, { layout: 'missing-d' }),
  fallback_reasons: ['INFERENCE_LOW_CONFIDENCE'],
};
const remoteOf = (d: DetectionsProduced): DetectionsProduced => ({
  ...sampleDetections(store, aisle, Number(d.device_id.slice(4)), { layout: 'perfect' }),
  tier: 'REMOTE',
  model_id: 'shelf-detector',
  rescore: true,
});

test('edge scores made while tier 1 was down are queued, and not sent before tier 1 answers again', async () => {
  await send([...edge, lowConfidence]);
  await readCompliance((r) => r.length >= 4);
  const queued = await rows<{ capture_id: string; scored_tier: string; target_tier: string }>(
    'select capture_id, scored_tier, target_tier from shelfstream.rescore_requests order by capture_id',
    [],
  );
  assert.deepEqual(
    queued.map((q) => q.capture_id),
    edge.map((d) => d.capture_id).sort(),
    'the low-confidence fallback is not queued',
  );
  assert.ok(queued.every((q) => q.scored_tier === 'EDGE' && q.target_tier === 'REMOTE'));
  await new Promise((r) => setTimeout(r, 1500));
  const sent = await readTopic(world.kafka, topics().rescoreRequests, {
    until: () => false,
    timeoutMs: 1500,
  });
  assert.equal(sent.length, 0, 'no request goes out without evidence that tier 1 answers');
});

test('once tier 1 scores a capture, each queued capture is sent once and superseded once', async () => {
  // A new capture scored by tier 1: the evidence the job waits for.
  await send([{ ...sampleDetections(store, aisle, 9, { layout: 'perfect' }), tier: 'REMOTE' }]);
  const requests = await readTopic<RescoreRequested>(world.kafka, topics().rescoreRequests, {
    until: (r) => r.length >= 3,
    decode: (v) => world.codec.decode(v, topics().rescoreRequests),
    settleMs: 1000,
  });
  assert.deepEqual(requests.map((r) => r.key).sort(), edge.map((d) => d.capture_id).sort());
  assert.ok(requests.every((r) => r.decoded?.scored_tier === 'EDGE' && r.decoded.target_tier === 'REMOTE'));
  assert.equal(requests[0]?.decoded?.blob_uri, edge.find((d) => d.capture_id === requests[0]?.key)?.blob_uri);

  await send(edge.map(remoteOf));
  const records = await readCompliance((r) => r.filter((x) => x.decoded?.supersedes).length >= 3);
  for (const d of edge) {
    const mine = records
      .filter((r) => r.decoded?.capture_id === d.capture_id)
      .map((r) => r.decoded as ComplianceScored);
    assert.equal(mine.filter((r) => r.supersedes === null).length, 1, 'one first score');
    const later = mine.filter((r) => r.supersedes !== null);
    assert.equal(later.length, 1, 'one superseding record');
    assert.equal(later[0]?.tier, 'REMOTE');
    assert.equal(later[0]?.score, 100);
    assert.equal(later[0]?.supersedes?.tier, 'EDGE');
    assert.equal(later[0]?.supersedes?.score, mine.find((r) => r.supersedes === null)?.score);
  }
  const ids = edge.map((d) => d.capture_id);
  const results = await rows<{ tier: string; score: number; n: number }>(
    `select r.tier, r.score, (select count(*)::int from shelfstream.compliance_sku_findings f
                               where f.capture_id = r.capture_id and f.out_of_stock) as n
       from shelfstream.compliance_results r where capture_id = any($1)`,
    [ids],
  );
  assert.ok(
    results.every((r) => r.tier === 'REMOTE' && r.score === 100 && r.n === 0),
    'the latest score and findings',
  );
  const superseded = await rows<{ tier: string; superseded_by_tier: string }>(
    'select tier, superseded_by_tier from shelfstream.superseded_results where capture_id = any($1)',
    [ids],
  );
  assert.equal(superseded.length, 3, 'PostgreSQL keeps the earlier scores');
  assert.ok(superseded.every((s) => s.tier === 'EDGE' && s.superseded_by_tier === 'REMOTE'));
  const closed = await rows<{ outcome: string | null; attempts: number }>(
    'select outcome, attempts from shelfstream.rescore_requests where capture_id = any($1)',
    [ids],
  );
  assert.ok(closed.every((c) => c.outcome === 'superseded' && c.attempts === 1));
  const rollup = await rows<{ out_of_stock_count: number }>(
    `select out_of_stock_count from shelfstream.compliance_rollups where level = 'AISLE' and store_id = $1`,
    [store],
  );
  assert.equal(rollup[0]?.out_of_stock_count, 0, 'the aisle rollup uses the latest score');
});

test('a second re-score of the same captures is a duplicate: no record, no row', async () => {
  const before = await scrapeMetric(metricsUrl, /^shelfstream_stage_records_total\{.*outcome="duplicate"/);
  await send(edge.map((d) => ({ ...remoteOf(d), batch_id: 'batch-2' })));
  await waitFor('three duplicates', async () =>
    (await scrapeMetric(metricsUrl, /^shelfstream_stage_records_total\{.*outcome="duplicate"/)) >= before + 3
      ? true
      : undefined,
  );
  const records = await readCompliance(() => false, 3000);
  assert.equal(records.filter((r) => r.decoded?.supersedes).length, 3, 'no new superseding record');
  const superseded = await rows<{ n: number }>(
    'select count(*)::int as n from shelfstream.superseded_results',
    [],
  );
  assert.equal(superseded[0]?.n, 3);
});
