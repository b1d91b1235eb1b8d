import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { afterEach, test } from 'node:test';
import type { BlobInfo, BlobStore } from '@shelfstream/blob-store';
import type {
  DetectionsProduced,
  FallbackRequested,
  ImagePrepared,
  RescoreRequested,
} from '@shelfstream/contracts';
import { type Outcome, StageError } from '@shelfstream/errors';
import type { StageOutput, StageRecord } from '@shelfstream/kafka';
import { createLogger, extractTraceContext, type Logger } from '@shelfstream/observability';
import { Registry } from 'prom-client';
import sharp from 'sharp';
import { preparedImage } from '../test/fixtures/prepared-image.js';
import { createInferenceMetrics, type InferenceMetrics } from './metrics.js';
import { ModelBreaker } from './model-breaker.js';
import type { ModelTier, TierBatchResult, TierImageResult } from './model-tier.js';
import { createStage, type InferenceStage } from './stage.js';
import { tierTopics } from './topics.js';
import { BatchSizeController } from './transform/batch-size-controller.js';

/** The normalized image in the blob store: 320x240, its original 960x480 (boxes scale by 3 across, 2 down). */
const NORMALIZED = { width: 320, height: 240 };
const ORIGINAL = { width: 960, height: 480 };
const IMAGE_URI = 'mem://sha256/normalized';
const MISSING_URI = 'mem://sha256/missing';
const DOWN_URI = 'mem://sha256/down';
const GARBAGE_URI = 'mem://sha256/garbage';

const jpeg = await sharp({
  create: { ...NORMALIZED, channels: 3, background: { r: 90, g: 120, b: 150 } },
})
  .jpeg()
  .toBuffer();

/** A blob store in a Map: the normalized image, undecodable bytes, a missing blob and one the store fails to read. */
class FakeBlobStore implements BlobStore {
  readonly blobs = new Map<string, Buffer>([
    [IMAGE_URI, jpeg],
    [GARBAGE_URI, Buffer.from('not an image')],
  ]);
  async put(): Promise<BlobInfo> {
    throw new Error('not used');
  }
  async get(uri: string): Promise<Buffer> {
    if (uri === DOWN_URI) throw new StageError('BLOB_UNAVAILABLE', 'store timed out', { retriable: true });
    const bytes = this.blobs.get(uri);
    if (!bytes) throw new StageError('BLOB_NOT_FOUND', `no blob at ${uri}`, { retriable: false });
    return bytes;
  }
  async describe(): Promise<BlobInfo> {
    throw new Error('not used');
  }
  async delete(): Promise<void> {}
  owns(uri: string): boolean {
    return uri.startsWith('mem://');
  }
}

/** A remote tier whose answer the test sets: per-image results, or an error to throw. */
class FakeModel implements ModelTier {
  readonly tier = 'remote' as const;
  calls: { route: string; images: readonly Buffer[] }[] = [];
  answer: TierImageResult | Error = { detections: [] };
  async runBatch(route: string, images: readonly Buffer[]): Promise<TierBatchResult> {
    this.calls.push({ route, images });
    if (this.answer instanceof Error) throw this.answer;
    const answer = this.answer;
    return {
      images: images.map(() => answer),
      modelId: 'shelf-detector',
      modelVersion: '7',
      preprocessMs: 1,
      inferenceMs: 2,
      postprocessMs: 3,
    };
  }
  async ready(): Promise<{ ok: boolean }> {
    return { ok: true };
  }
  async close(): Promise<void> {}
}

/** A logger whose JSON lines the test reads back. */
function capturedLogger(): { logger: Logger; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      raw.push(...chunk.toString().trim().split('\n'));
      cb();
    },
  });
  const logger = createLogger({ service: 'test', level: 'info', destination: stream });
  return { logger, lines: () => raw.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const silent = createLogger({ service: 'test', level: 'silent' });

interface Harness {
  readonly stage: InferenceStage;
  readonly model: FakeModel;
  readonly breaker: ModelBreaker<[string, readonly Buffer[]], TierBatchResult>;
  readonly metrics: InferenceMetrics;
}

const breakers: ModelBreaker<[string, readonly Buffer[]], TierBatchResult>[] = [];
afterEach(() => {
  for (const b of breakers.splice(0)) b.shutdown();
});

/** Tier 1's stage on fakes: one failure in the window opens its breaker, MIN_MEAN_CONFIDENCE 0.3. */
function harness(options: { readonly maxDelayMs?: number } = {}): Harness {
  const model = new FakeModel();
  const breaker = new ModelBreaker<[string, readonly Buffer[]], TierBatchResult>(
    'inference-remote',
    (route, images) => model.runBatch(route, images),
    { errorThresholdPercentage: 50, resetTimeoutMs: 60_000, volumeThreshold: 1 },
  );
  breakers.push(breaker);
  const metrics = createInferenceMetrics(new Registry());
  const stage = createStage({
    tier: 'remote',
    model,
    breaker,
    blobs: new FakeBlobStore(),
    topics: tierTopics('remote', 'ns'),
    controller: new BatchSizeController({ maxBatch: 4, latencySlaMs: 5000 }),
    adaptive: false,
    maxDelayMs: options.maxDelayMs ?? 1,
    minMeanConfidence: 0.3,
    skuOf: (i) => `sku-${i}`,
    memoryRatio: () => 0.1,
    metrics,
    logger: silent,
  });
  return { stage, model, breaker, metrics };
}

function request(fields: Partial<RescoreRequested> = {}): RescoreRequested {
  return {
    capture_id: 'capture-1',
    store_id: 'store-001',
    aisle: 'A07',
    fixture_type: 'ENDCAP',
    captured_at: 1_700_000_000_000,
    device_id: 'cam-1',
    planogram_version: 'v3',
    blob_uri: IMAGE_URI,
    route: 'ENDCAP',
    image_width: ORIGINAL.width,
    image_height: ORIGINAL.height,
    quality: 'DEGRADED',
    shelf_lines_found: 4,
    scored_tier: 'EDGE',
    target_tier: 'REMOTE',
    fallback_reasons: ['INFERENCE_BREAKER_OPEN'],
    requested_at: 1_700_000_100_000,
    ...fields,
  };
}

function stageRecord<T extends { capture_id: string }>(value: T, logger: Logger = silent): StageRecord<T> {
  const origin = { topic: 'ns.shelf.inference.rescore.v1', partition: 0, offset: '0' };
  return {
    topic: origin.topic,
    originTopic: origin.topic,
    firstOrigin: origin,
    partition: 0,
    offset: '0',
    key: value.capture_id,
    value,
    rawValue: Buffer.alloc(0),
    headers: {},
    attempt: 1,
    firstSeenMs: 0,
    traceContext: extractTraceContext(undefined),
    logger,
  };
}

async function rescoreOne(
  h: Harness,
  value: RescoreRequested,
  logger?: Logger,
): Promise<Outcome<StageOutput>> {
  const [outcome] = await h.stage.processRescore([stageRecord(value, logger)]);
  return outcome as Outcome<StageOutput>;
}

async function outcomeCount(metrics: InferenceMetrics, outcome: string): Promise<number> {
  const { values } = await metrics.records.get();
  return values.find((v) => v.labels['tier'] === 'remote' && v.labels['outcome'] === outcome)?.value ?? 0;
}

/** The one output of an `ok` outcome (fails the test for anything else). */
function onlyOutput(outcome: Outcome<StageOutput> | undefined): StageOutput {
  assert.equal(outcome?.kind, 'ok');
  const outputs = outcome?.kind === 'ok' ? outcome.outputs : [];
  assert.equal(outputs.length, 1);
  return outputs[0] as StageOutput;
}

const confident: TierImageResult = {
  detections: [
    { x1: 10, y1: 20, x2: 30, y2: 40, classIndex: 2, score: 0.9 },
    { x1: 100, y1: 50, x2: 160, y2: 120, classIndex: 5, score: 0.8 },
  ],
};

test('a confident re-score gives one DetectionsProduced marked rescore, boxes in the original pixels', async () => {
  const h = harness();
  h.model.answer = confident;
  const out = onlyOutput(await rescoreOne(h, request()));
  assert.equal(out.topic, 'ns.shelf.detections.v1');
  assert.equal(out.key, 'capture-1');
  const value = out.value as DetectionsProduced;
  assert.equal(value.rescore, true);
  assert.deepEqual(value.fallback_reasons, [], 'the remote tier answered: no fallback reason');
  assert.equal(value.tier, 'REMOTE');
  assert.equal(value.image_width, ORIGINAL.width);
  assert.equal(value.image_height, ORIGINAL.height);
  // Scaled by original / normalized size, the normalized size read from the image header (3 across, 2 down).
  assert.deepEqual(
    value.detections.map((d) => [d.x1, d.y1, d.x2, d.y2, d.sku]),
    [
      [30, 40, 90, 80, 'sku-2'],
      [300, 100, 480, 240, 'sku-5'],
    ],
  );
  assert.deepEqual(
    [value.store_id, value.aisle, value.fixture_type, value.captured_at, value.device_id],
    ['store-001', 'A07', 'ENDCAP', 1_700_000_000_000, 'cam-1'],
  );
  assert.deepEqual(
    [value.planogram_version, value.route, value.blob_uri, value.quality, value.shelf_lines_found],
    ['v3', 'ENDCAP', IMAGE_URI, 'DEGRADED', 4],
  );
  assert.equal(value.model_id, 'shelf-detector');
  assert.equal(value.batch_size, 1);
  assert.equal(h.model.calls.length, 1);
  assert.equal(h.model.calls[0]?.route, 'ENDCAP');
  assert.equal(await outcomeCount(h.metrics, 'rescored'), 1);
  assert.equal(
    await outcomeCount(h.metrics, 'detected'),
    0,
    'a re-score is not counted as a main-lane detection',
  );
});

test('the re-score lane batches with the main lane: one model call for both', async () => {
  // A long batch delay: the re-score reads its image header before it reaches the batcher.
  const h = harness({ maxDelayMs: 200 });
  h.model.answer = confident;
  const image: ImagePrepared = preparedImage({
    capture_id: 'capture-main',
    blob_uri: IMAGE_URI,
    ...NORMALIZED,
    route: 'ENDCAP',
  });
  const [main, rescore] = await Promise.all([
    h.stage.process([stageRecord(image)]),
    h.stage.processRescore([stageRecord(request())]),
  ]);
  assert.equal(h.model.calls.length, 1);
  assert.equal(h.model.calls[0]?.images.length, 2);
  const mainValue = onlyOutput(main[0]).value as DetectionsProduced;
  const rescoreValue = onlyOutput(rescore[0]).value as DetectionsProduced;
  assert.equal(mainValue.rescore, false);
  assert.equal(rescoreValue.rescore, true);
  assert.equal(mainValue.batch_id, rescoreValue.batch_id);
});

test('a model failure is a skip with its code: no output, no fallback, one info line', async () => {
  const h = harness();
  h.model.answer = new StageError('INFERENCE_REMOTE_TIMEOUT', 'no answer in 10000 ms', { retriable: false });
  const { logger, lines } = capturedLogger();
  const outcome = await rescoreOne(h, request(), logger);
  assert.deepEqual(outcome, { kind: 'skip', code: 'INFERENCE_REMOTE_TIMEOUT' });
  const logged = lines().filter((l) => l['msg'] === 'rescore skipped');
  assert.equal(logged.length, 1);
  assert.equal(logged[0]?.['code'], 'INFERENCE_REMOTE_TIMEOUT');
  assert.equal(logged[0]?.['level'], 'info');
  assert.equal(await outcomeCount(h.metrics, 'rescore_skipped'), 1);
  assert.equal(await outcomeCount(h.metrics, 'fallback'), 0);
});

test('a codeless model failure is a skip with the tier failure code', async () => {
  const h = harness();
  h.model.answer = new Error('socket hang up');
  assert.deepEqual(await rescoreOne(h, request()), { kind: 'skip', code: 'INFERENCE_REMOTE_FAILED' });
});

test('an open breaker is a skip with INFERENCE_BREAKER_OPEN, without calling the model', async () => {
  const h = harness();
  h.model.answer = new Error('down');
  await assert.rejects(h.breaker.fire('ENDCAP', [jpeg]));
  assert.equal(h.breaker.state, 'open');
  h.model.answer = confident;
  h.model.calls = [];
  assert.deepEqual(await rescoreOne(h, request()), { kind: 'skip', code: 'INFERENCE_BREAKER_OPEN' });
  assert.equal(h.model.calls.length, 0);
});

test('a low-confidence answer is a skip with INFERENCE_LOW_CONFIDENCE', async () => {
  const h = harness();
  h.model.answer = { detections: [{ x1: 0, y1: 0, x2: 5, y2: 5, classIndex: 1, score: 0.1 }] };
  assert.deepEqual(await rescoreOne(h, request()), { kind: 'skip', code: 'INFERENCE_LOW_CONFIDENCE' });
  assert.equal(await outcomeCount(h.metrics, 'rescore_skipped'), 1);
});

test('an empty answer follows the main lane rule: kept where shelf lines were seen, skipped where not', async () => {
  const h = harness();
  h.model.answer = { detections: [] };
  const kept = await rescoreOne(h, request({ shelf_lines_found: 3 }));
  assert.equal(kept.kind, 'ok');
  const skipped = await rescoreOne(h, request({ shelf_lines_found: null }));
  assert.deepEqual(skipped, { kind: 'skip', code: 'INFERENCE_LOW_CONFIDENCE' });
});

test('a missing blob is a skip with INFERENCE_IMAGE_NOT_FOUND, never a dead letter', async () => {
  const h = harness();
  h.model.answer = confident;
  assert.deepEqual(await rescoreOne(h, request({ blob_uri: MISSING_URI })), {
    kind: 'skip',
    code: 'INFERENCE_IMAGE_NOT_FOUND',
  });
  assert.equal(h.model.calls.length, 0);
  assert.equal(await outcomeCount(h.metrics, 'dead_letter'), 0);
});

test('a blob store that does not answer is a skip with INFERENCE_IMAGE_UNAVAILABLE, never a retry', async () => {
  const h = harness();
  assert.deepEqual(await rescoreOne(h, request({ blob_uri: DOWN_URI })), {
    kind: 'skip',
    code: 'INFERENCE_IMAGE_UNAVAILABLE',
  });
  assert.equal(await outcomeCount(h.metrics, 'retry'), 0);
});

test('an image whose header cannot be read is a skip with INFERENCE_IMAGE_DECODE_FAILED', async () => {
  const h = harness();
  h.model.answer = confident;
  assert.deepEqual(await rescoreOne(h, request({ blob_uri: GARBAGE_URI })), {
    kind: 'skip',
    code: 'INFERENCE_IMAGE_DECODE_FAILED',
  });
  assert.equal(h.model.calls.length, 0);
});

test('the main lane is unchanged: low confidence still falls back, a missing blob is still dead-lettered', async () => {
  const h = harness();
  const image = preparedImage({ capture_id: 'capture-main', blob_uri: IMAGE_URI, ...NORMALIZED });
  h.model.answer = { detections: [{ x1: 0, y1: 0, x2: 5, y2: 5, classIndex: 1, score: 0.1 }] };
  const [low] = await h.stage.process([stageRecord(image)]);
  const out = onlyOutput(low);
  assert.equal(out.topic, 'ns.shelf.inference.fallback.edge.v1');
  assert.deepEqual((out.value as FallbackRequested).fallback_reasons, ['INFERENCE_LOW_CONFIDENCE']);
  const [missing] = await h.stage.process([stageRecord({ ...image, blob_uri: MISSING_URI })]);
  assert.equal(missing?.kind, 'dead-letter');
});
