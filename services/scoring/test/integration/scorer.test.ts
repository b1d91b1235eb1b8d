import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type CaptureUnscorable,
  type ComplianceRollup,
  type ComplianceScored,
  type RecaptureRequested,
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

test('a photo with no shelf ends UNSCORABLE: its record, a recapture request, no score, no rollup change', async () => {
  const otherStore = 'store-it-unscorable';
  assert.equal((await publishPlanogram(world.pool, samplePlanogram(otherStore, aisle, 1))).kind, 'published');
  const base = (i: number) => sampleDetections(otherStore, aisle, i, { layout: 'perfect' });
  const blank = { ...base(30), detections: [], shelf_lines_found: 0 };
  const fewBoxes = { ...base(31), detections: base(31).detections.slice(0, 2), shelf_lines_found: 0 };
  const emptyShelf = { ...base(32), detections: [], shelf_lines_found: 2 };
  const sent = [blank, fewBoxes, emptyShelf];
  await world.producer.send(sent.map((d) => ({ topic: topics().detections, key: d.capture_id, value: d })));

  const unscorable = await readTopic<CaptureUnscorable>(world.kafka, topics().unscorable, {
    until: (r) => r.length >= 2,
    decode: (v) => world.codec.decode(v, topics().unscorable),
  });
  const byId = new Map(unscorable.map((r) => [r.key, r.decoded as CaptureUnscorable]));
  assert.equal(byId.get(blank.capture_id)?.reason_code, 'SCORING_NO_SHELF_FOUND');
  assert.equal(byId.get(fewBoxes.capture_id)?.reason_code, 'SCORING_TOO_FEW_DETECTIONS');
  assert.equal(byId.get(fewBoxes.capture_id)?.detections_found, 2);
  assert.equal(byId.get(fewBoxes.capture_id)?.min_detections, 3);
  assert.equal(byId.has(emptyShelf.capture_id), false, 'an empty shelf is scored, not unscorable');

  const recaptures = await readTopic<RecaptureRequested>(world.kafka, topics().recaptureRequests, {
    until: (r) => r.length >= 2,
    decode: (v) => world.codec.decode(v, topics().recaptureRequests),
  });
  assert.deepEqual(
    recaptures.map((r) => [r.key, r.decoded?.capture_id, r.decoded?.reasons]).sort(),
    [
      [otherStore, blank.capture_id, ['SCORING_NO_SHELF_FOUND']],
      [otherStore, fewBoxes.capture_id, ['SCORING_TOO_FEW_DETECTIONS']],
    ].sort(),
  );

  const scores = await readTopic<ComplianceScored>(world.kafka, topics().compliance, {
    until: (r) => r.some((x) => x.key === emptyShelf.capture_id),
    decode: (v) => world.codec.decode(v, topics().compliance),
  });
  const empty = scores.find((r) => r.key === emptyShelf.capture_id)?.decoded;
  assert.equal(empty?.score, 0);
  assert.ok(empty?.skus.every((s) => s.out_of_stock));
  assert.equal(
    scores.filter((r) => r.key === blank.capture_id || r.key === fewBoxes.capture_id).length,
    0,
    'no compliance record for an unscorable capture',
  );
  assert.equal(await resultCount([blank.capture_id, fewBoxes.capture_id]), 0);
  const rows = await world.pool.query<{ capture_id: string }>(
    'select capture_id from shelfstream.unscorable_captures where store_id = $1 order by capture_id',
    [otherStore],
  );
  assert.deepEqual(
    rows.rows.map((r) => r.capture_id),
    [blank.capture_id, fewBoxes.capture_id].sort(),
  );
  const rollup = await world.pool.query<{ captures_scored: number }>(
    `select captures_scored from shelfstream.compliance_rollups where level = 'AISLE' and store_id = $1`,
    [otherStore],
  );
  assert.deepEqual(
    rollup.rows.map((r) => r.captures_scored),
    [1],
    'only the empty shelf counts in the rollup',
  );

  // A replay of the same detections from new records is a duplicate: no second CaptureUnscorable.
  const duplicates = /^shelfstream_stage_records_total\{.*outcome="duplicate"/;
  const before = await scrapeMetric(metricsUrl, duplicates);
  await world.producer.send(
    [blank, fewBoxes].map((d) => ({ topic: topics().detections, key: d.capture_id, value: d })),
  );
  await waitFor('two more duplicates', async () =>
    (await scrapeMetric(metricsUrl, duplicates)) >= before + 2 ? true : undefined,
  );
  const again = await readTopic(world.kafka, topics().unscorable, { until: () => false, timeoutMs: 4000 });
  assert.equal(again.length, 2, 'no new CaptureUnscorable for a replay');
});
