import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type ComplianceScored,
  type DetectionsProduced,
  type RecaptureRequested,
  topicNames,
} from '@shelfstream/contracts';
import { publishPlanogram } from '@shelfstream/db';
import { readTopic } from '@shelfstream/testkit';
import { sampleDetections, samplePlanogram } from './fixtures.js';
import { createWorld, type ServiceProcess, startScoring, type TestWorld } from './harness.js';

/**
 * Issue 14 point 5 on the real stack: a photo held too close (the planned section cut off on both sides) is scored
 * over the part in view: the score of what is there, the coverage share on the record and in PostgreSQL, the SKU
 * facings beyond the frame not seen (never out of stock), and a recapture request under SCORING_MIN_COVERAGE.
 */
let world: TestWorld;
let scorer: ServiceProcess;
const store = 'store-it-coverage';
const aisle = 'A01';
const topics = () => topicNames(world.namespace);

before(async () => {
  world = await createWorld('t-coverage');
  assert.equal((await publishPlanogram(world.pool, samplePlanogram(store, aisle, 1))).kind, 'published');
  scorer = startScoring(world, 'scorer', { SCORING_MIN_COVERAGE: '0.7' });
  await scorer.started;
});

after(async () => {
  await scorer?.stop();
  await world?.close();
});

/** The perfect layout seen through a frame from x = 70 to x = 240: one facing cut off at each end of shelf 0. */
function heldTooClose(i: number): DetectionsProduced {
  const full = sampleDetections(store, aisle, i, { layout: 'perfect' });
  return {
    ...full,
    image_width: 170,
    detections: full.detections
      .filter((d) => d.x1 >= 70 && d.x2 <= 240)
      .map((d) => ({ ...d, x1: d.x1 - 70, x2: d.x2 - 70 })),
  };
}

test('a photo that cuts off part of the section scores the part in view, with its coverage and a recapture request', async () => {
  const cropped = heldTooClose(1);
  const full = sampleDetections(store, aisle, 2, { layout: 'perfect' });
  await world.producer.send(
    [cropped, full].map((d) => ({ topic: topics().detections, key: d.capture_id, value: d })),
  );
  const records = await readTopic<ComplianceScored>(world.kafka, topics().compliance, {
    until: (r) => r.length >= 2,
    decode: (v) => world.codec.decode(v, topics().compliance),
  });
  const byId = new Map(records.map((r) => [r.key, r.decoded as ComplianceScored]));
  const part = byId.get(cropped.capture_id);
  assert.equal(part?.score, 100, 'every facing in view is in place');
  assert.equal(part?.partial, true);
  assert.ok(Math.abs((part?.coverage ?? 0) - 6 / 9) < 1e-9, `coverage ${part?.coverage}`);
  assert.equal(part?.out_of_stock_count, 0, 'nothing out of frame is out of stock');
  assert.deepEqual(
    part?.shelves.map((s) => s.facings_not_seen),
    [2, 1],
  );
  assert.equal(part?.skus.find((s) => s.sku === 'SKU-C')?.not_seen, false, 'one C facing is in view');
  assert.equal(byId.get(full.capture_id)?.coverage, 1);
  assert.equal(byId.get(full.capture_id)?.partial, false);

  const recaptures = await readTopic<RecaptureRequested>(world.kafka, topics().recaptureRequests, {
    until: (r) => r.length >= 1,
    decode: (v) => world.codec.decode(v, topics().recaptureRequests),
    settleMs: 1000,
  });
  assert.deepEqual(
    recaptures.map((r) => [r.decoded?.capture_id, [...(r.decoded?.reasons ?? [])]]),
    [[cropped.capture_id, ['SCORING_LOW_COVERAGE']]],
    'only the photo under SCORING_MIN_COVERAGE asks for a recapture',
  );
  const rows = await world.pool.query<{ capture_id: string; coverage: number }>(
    'select capture_id, coverage from shelfstream.compliance_results where capture_id = any($1)',
    [[cropped.capture_id, full.capture_id]],
  );
  const coverage = new Map(rows.rows.map((r) => [r.capture_id, r.coverage]));
  assert.ok(Math.abs((coverage.get(cropped.capture_id) ?? 0) - 6 / 9) < 1e-9);
  assert.equal(coverage.get(full.capture_id), 1);
});
