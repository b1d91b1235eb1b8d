import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  type CaptureAccepted,
  type CaptureUnscorable,
  type ComplianceScored,
  type DeadLetter,
  type ImagePrepared,
  topicNames,
} from '@shelfstream/contracts';
import { loadCaptureHistory } from '@shelfstream/db';
import { waitFor } from '@shelfstream/testkit';
import { sampleDetections } from './fixtures.js';
import { createWorld, type ServiceProcess, scrapeMetric, startScoring, type TestWorld } from './harness.js';

let world: TestWorld;
let tracker: ServiceProcess;
let metricsUrl: string;

before(async () => {
  world = await createWorld('t-tracker');
  tracker = startScoring(world, 'state-tracker');
  metricsUrl = await tracker.started;
});

after(async () => {
  await tracker?.stop();
  await world?.close();
});

function stageRecords(i: number) {
  const detections = sampleDetections('store-tr', 'A02', i);
  const t0 = detections.captured_at + 100;
  const facts = {
    capture_id: detections.capture_id,
    store_id: detections.store_id,
    aisle: detections.aisle,
    fixture_type: detections.fixture_type,
    captured_at: detections.captured_at,
    device_id: detections.device_id,
    planogram_version: detections.planogram_version,
  } as const;
  const accepted: CaptureAccepted = {
    ...facts,
    source: 'CLI',
    submitted_at: t0 - 50,
    attributes: {},
    blob_uri: 'file:///tmp/blobs/sha256/original',
    content_sha256: 'ab'.repeat(32),
    content_type: 'image/jpeg',
    byte_size: 1234,
    accepted_at: t0,
  };
  const prepared: ImagePrepared = {
    ...facts,
    blob_uri: 'file:///tmp/blobs/sha256/normalized',
    original_blob_uri: accepted.blob_uri,
    width: 640,
    height: 400,
    original_width: 1280,
    original_height: 800,
    quality: 'OK',
    quality_metrics: {
      blur_variance: 500,
      mean_luma: 120,
      luma_stddev: 40,
      underexposed_fraction: 0,
      overexposed_fraction: 0,
    },
    degraded_reasons: [],
    shelf_lines_found: 2,
    route: 'gondola',
    prepared_at: t0 + 200,
  };
  const inferred = { ...detections, produced_at: t0 + 600 };
  const scored: ComplianceScored = {
    ...facts,
    planogram_id: 'store-tr|A02|1',
    score: 90,
    partial: false,
    tier: 'EDGE',
    model_id: 'm',
    model_version: '1',
    quality: 'OK',
    shelves: [],
    skus: [],
    out_of_stock_count: 0,
    misplaced_count: 0,
    unexpected_count: 0,
    share_of_shelf: {},
    scored_at: t0 + 1700,
    supersedes: null,
    coverage: 1,
  };
  return { accepted, prepared, inferred, scored };
}

test('states move forward in order under out-of-order delivery and the latency is exported once', async () => {
  const t = topicNames(world.namespace);
  const { accepted, prepared, inferred, scored } = stageRecords(1);
  const id = accepted.capture_id;
  // Newest first: each older event arrives late.
  for (const [topic, value] of [
    [t.compliance, scored],
    [t.detections, inferred],
    [t.imagesReady, prepared],
    [t.capturesValidated, accepted],
  ] as const) {
    await world.producer.send([{ topic, key: id, value }]);
  }
  const history = await waitFor('all four events', async () => {
    const h = await loadCaptureHistory(world.pool, id);
    return h && h.events.length === 4 ? h : undefined;
  });
  assert.equal(history.capture.state, 'SCORED');
  assert.equal(history.capture.tier, 'EDGE');
  assert.deepEqual(
    history.events.map((e) => [e.state, e.applied]),
    [
      ['INGESTED', false],
      ['PREPROCESSED', false],
      ['INFERRED', false],
      ['SCORED', true],
    ],
    'history in event-time order; only the first (newest) event moved the state',
  );
  const ts = history.capture.timestamps;
  assert.deepEqual(
    [ts.ingestedAt, ts.preprocessedAt, ts.inferredAt, ts.scoredAt],
    [accepted.accepted_at, prepared.prepared_at, inferred.produced_at, scored.scored_at],
  );
  assert.deepEqual(
    history.capture.blobUris.slice().sort(),
    [accepted.blob_uri, prepared.blob_uri, inferred.blob_uri].sort(),
  );
  await waitFor('the latency sample', async () =>
    (await scrapeMetric(metricsUrl, /^shelfstream_capture_to_score_latency_seconds_count/)) === 1
      ? true
      : undefined,
  );
  const scrape = await (await fetch(`${metricsUrl}/metrics`)).text();
  assert.match(scrape, /shelfstream_capture_to_score_latency_seconds_bucket\{le="2.5"[^}]*\} 1\n/);
  assert.match(scrape, /shelfstream_capture_to_score_latency_seconds_bucket\{le="1"[^}]*\} 0\n/);
});

test('a dead letter with a capture id moves an in-flight capture to DEAD_LETTERED with its reason', async () => {
  const t = topicNames(world.namespace);
  const { accepted } = stageRecords(2);
  const dead: DeadLetter = {
    stage: 'PREPROCESSING',
    reason_code: 'PREPROCESS_DECODE_FAILED',
    retriable: false,
    error_message: 'corrupt',
    error_stack: null,
    original_topic: t.capturesValidated,
    original_partition: 0,
    original_offset: 0,
    original_key: accepted.capture_id,
    original_value: Buffer.from([0]),
    original_headers: {},
    capture_id: accepted.capture_id,
    blob_uri: accepted.blob_uri,
    batch_id: null,
    attempts: 1,
    first_failure_at: accepted.accepted_at + 10,
    last_failure_at: accepted.accepted_at + 10,
    dead_lettered_at: accepted.accepted_at + 20,
  };
  await world.producer.send([{ topic: t.capturesValidated, key: accepted.capture_id, value: accepted }]);
  await world.producer.send([{ topic: t.deadLetters, key: accepted.capture_id, value: dead }]);
  const history = await waitFor('the dead letter', async () => {
    const h = await loadCaptureHistory(world.pool, accepted.capture_id);
    return h?.capture.state === 'DEAD_LETTERED' ? h : undefined;
  });
  assert.equal(history.capture.deadLetterReason, 'PREPROCESS_DECODE_FAILED');
  assert.equal(history.capture.deadLetterStage, 'PREPROCESSING');
});

test('a CaptureUnscorable moves the capture to UNSCORABLE with its reason, and a late inference event does not move it back', async () => {
  const t = topicNames(world.namespace);
  const { inferred } = stageRecords(3);
  const unscorable: CaptureUnscorable = {
    capture_id: inferred.capture_id,
    store_id: inferred.store_id,
    aisle: inferred.aisle,
    fixture_type: inferred.fixture_type,
    captured_at: inferred.captured_at,
    device_id: inferred.device_id,
    planogram_version: inferred.planogram_version,
    blob_uri: inferred.blob_uri,
    tier: 'HEURISTIC',
    model_id: 'heuristic',
    model_version: 'edge-projection-1',
    quality: 'OK',
    reason_code: 'SCORING_NO_SHELF_FOUND',
    shelf_lines_found: 0,
    detections_found: 0,
    min_detections: 3,
    decided_at: inferred.produced_at + 100,
  };
  await world.producer.send([{ topic: t.unscorable, key: unscorable.capture_id, value: unscorable }]);
  await world.producer.send([{ topic: t.detections, key: inferred.capture_id, value: inferred }]);
  const history = await waitFor('both events', async () => {
    const h = await loadCaptureHistory(world.pool, inferred.capture_id);
    return h && h.events.length === 2 ? h : undefined;
  });
  assert.equal(history.capture.state, 'UNSCORABLE');
  assert.equal(history.capture.timestamps.unscorableAt, unscorable.decided_at);
  assert.deepEqual(
    history.events.map((e) => [e.state, e.detail, e.applied]),
    [
      ['INFERRED', 'EDGE', false],
      ['UNSCORABLE', 'SCORING_NO_SHELF_FOUND', true],
    ],
  );
});
