import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type ComplianceRollup,
  type ComplianceScored,
  topicNames,
  type VersionDrift,
} from '@shelfstream/contracts';
import { publishPlanogram } from '@shelfstream/db';
import { reprocessDrift } from '@shelfstream/drift-reprocess';
import { readTopic, waitFor } from '@shelfstream/testkit';
import { sampleDetections, samplePlanogram } from './fixtures.js';
import { createWorld, type ServiceProcess, scrapeMetric, startScoring, type TestWorld } from './harness.js';

let world: TestWorld;
let scorer: ServiceProcess;
let metricsUrl: string;
const store = 'store-it-1';
const aisle = 'A01';

before(async () => {
  world = await createWorld('t-scoring');
  assert.equal((await publishPlanogram(world.pool, samplePlanogram(store, aisle, 1))).kind, 'published');
  scorer = startScoring(world, 'scorer');
  metricsUrl = await scorer.started;
});

after(async () => {
  await scorer?.stop();
  await world?.close();
});

const topics = () => topicNames(world.namespace);
const resultCount = async (captureIds: readonly string[]) =>
  (
    await world.pool.query<{ n: number }>(
      'select count(*)::int as n from shelfstream.compliance_results where capture_id = any($1)',
      [captureIds],
    )
  ).rows[0]?.n ?? 0;

const detections = () => [
  sampleDetections(store, aisle, 1, { layout: 'perfect' }),
  sampleDetections(store, aisle, 2, { layout: 'missing-d' }),
  sampleDetections(store, aisle, 3, { layout: 'heuristic' }),
];

test('detections become compliance records, rows and rollups', async () => {
  const sent = detections();
  await world.producer.send(sent.map((d) => ({ topic: topics().detections, key: d.capture_id, value: d })));
  const records = await readTopic<ComplianceScored>(world.kafka, topics().compliance, {
    until: (r) => r.length >= 3,
    decode: (v) => world.codec.decode(v, topics().compliance),
  });
  const byId = new Map(records.map((r) => [r.key, r.decoded as ComplianceScored]));
  const [perfect, missing, heuristic] = sent.map((d) => byId.get(d.capture_id) as ComplianceScored);
  assert.equal(perfect?.score, 100);
  assert.equal(perfect?.partial, false);
  assert.equal(perfect?.planogram_id, `${store}|${aisle}|1`);
  assert.equal(missing?.out_of_stock_count, 1);
  assert.deepEqual(
    missing?.skus.filter((s) => s.out_of_stock).map((s) => s.sku),
    ['SKU-D'],
  );
  assert.equal(heuristic?.partial, true, 'heuristic tier gives a partial score');
  assert.equal(heuristic?.tier, 'HEURISTIC');
  assert.ok((heuristic?.score ?? 0) > 80);
  assert.equal(await resultCount(sent.map((d) => d.capture_id)), 3);

  const rollups = await readTopic<ComplianceRollup>(world.kafka, topics().complianceRollups, {
    until: (r) => r.some((x) => x.decoded?.captures_scored === 3 && x.decoded.level === 'STORE'),
    decode: (v) => world.codec.decode(v, topics().complianceRollups),
  });
  const last = new Map(rollups.map((r) => [r.key, r.decoded as ComplianceRollup]));
  assert.equal(last.get(store)?.level, 'STORE');
  assert.equal(last.get(store)?.captures_scored, 3);
  assert.equal(last.get(`${store}|${aisle}`)?.level, 'AISLE');
  assert.equal(last.get(`${store}|${aisle}`)?.captures_scored, 3);
});

test('a replay of the same detections adds no rows and no records', async () => {
  const sent = detections();
  await world.producer.send(sent.map((d) => ({ topic: topics().detections, key: d.capture_id, value: d })));
  await waitFor('three duplicates', async () =>
    (await scrapeMetric(metricsUrl, /^shelfstream_stage_records_total\{.*outcome="duplicate"/)) >= 3
      ? true
      : undefined,
  );
  assert.equal(await resultCount(sent.map((d) => d.capture_id)), 3);
  const records = await readTopic(world.kafka, topics().compliance, { until: () => false, timeoutMs: 3000 });
  assert.equal(records.length, 3, 'no new compliance record');
});

test('a capture of another planogram version is held as drift, then scored once by reprocess', async () => {
  const drifted = sampleDetections(store, aisle, 10, { version: 'v2' });
  await world.producer.send([{ topic: topics().detections, key: drifted.capture_id, value: drifted }]);
  const drift = await readTopic<VersionDrift>(world.kafka, topics().planogramDrift, {
    until: (r) => r.length >= 1,
    decode: (v) => world.codec.decode(v, topics().planogramDrift),
  });
  assert.equal(drift[0]?.decoded?.capture_id, drifted.capture_id);
  assert.equal(drift[0]?.decoded?.active_version, '1');
  assert.equal(await resultCount([drifted.capture_id]), 0, 'never scored while drifted');

  // Not active yet: reprocess replays nothing.
  const early = await reprocessDrift({ pool: world.pool, producer: world.producer, topics: topics() });
  assert.equal(early.total, 0);

  assert.equal((await publishPlanogram(world.pool, samplePlanogram(store, aisle, 2))).kind, 'published');
  const progress: number[] = [];
  const report = await reprocessDrift({
    pool: world.pool,
    producer: world.producer,
    topics: topics(),
    concurrency: 2,
    storeId: store,
    onProgress: (done) => progress.push(done),
  });
  assert.deepEqual(
    { total: report.total, republished: report.republished, failed: report.failed },
    {
      total: 1,
      republished: 1,
      failed: [],
    },
  );
  assert.deepEqual(progress, [0, 1]);
  await waitFor('the reprocessed capture to be scored', async () =>
    (await resultCount([drifted.capture_id])) === 1 ? true : undefined,
  );
  const rerun = await reprocessDrift({ pool: world.pool, producer: world.producer, topics: topics() });
  assert.equal(rerun.total, 0, 'a re-run finds nothing left: the checkpoint holds');

  const scored = await readTopic<ComplianceScored>(world.kafka, topics().compliance, {
    until: (r) => r.some((x) => x.key === drifted.capture_id),
    decode: (v) => world.codec.decode(v, topics().compliance),
    settleMs: 1500,
  });
  const mine = scored.filter((r) => r.key === drifted.capture_id);
  assert.equal(mine.length, 1);
  assert.equal(mine[0]?.decoded?.planogram_id, `${store}|${aisle}|2`);
});
