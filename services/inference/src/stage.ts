import { randomUUID } from 'node:crypto';
import type { BlobStore } from '@shelfstream/blob-store';
import type { ImagePrepared, RescoreRequested } from '@shelfstream/contracts';
import {
  deadLetter,
  isStageError,
  type Outcome,
  ok,
  type PassedCode,
  retry,
  skip,
} from '@shelfstream/errors';
import type { StageOutput, StageProcess, StageRecord } from '@shelfstream/kafka';
import type { Logger } from '@shelfstream/observability';
import sharp from 'sharp';
import { type InferenceJob, type TierInput, toJob } from './input.js';
import type { InferenceMetrics } from './metrics.js';
import type { ModelBreaker } from './model-breaker.js';
import type { ModelTier, TierBatchResult, TierImageResult } from './model-tier.js';
import { toStageOutputs } from './output.js';
import { codelessFailureReason, type InferenceReason } from './reasons.js';
import type { TierTopics } from './topics.js';
import type { BatchSizeController } from './transform/batch-size-controller.js';
import { type Batch, DynamicBatcher } from './transform/dynamic-batcher.js';
import { isLowConfidence } from './transform/fallback-decision.js';
import { type ImageSize, rescoreImage } from './transform/rescore-image.js';
import type { Tier } from './transform/tier.js';
import { toDetectionsProduced, toFallbackRequested } from './transform/to-detections-produced.js';

/** Dependencies of {@link InferenceStage}. */
export interface StageDeps {
  readonly tier: Tier;
  readonly model: ModelTier;
  readonly breaker: ModelBreaker<[string, readonly Buffer[]], TierBatchResult>;
  readonly blobs: BlobStore;
  readonly topics: TierTopics;
  readonly controller: BatchSizeController;
  readonly adaptive: boolean;
  readonly maxDelayMs: number;
  readonly minMeanConfidence: number;
  readonly skuOf: (classIndex: number) => string | null;
  readonly memoryRatio: () => number;
  readonly metrics: InferenceMetrics;
  readonly logger: Logger;
}

/**
 * Why an image was not detected: an inference reason code, or the code a model call's error carried, passed on
 * unchanged.
 */
type FailureCode = InferenceReason | PassedCode;

/** What the stage returns per record. */
type InferenceOutcome = Outcome<StageOutput, FailureCode>;

/** What the re-score lane returns per record: detections, or a skip carrying the failure's code. */
type RescoreOutcome = Outcome<StageOutput, never>;

interface Item {
  readonly bytes: Buffer;
  readonly queuedAt: number;
}

/** The batch an image ran in, as the batcher reports it. */
type RunBatch = TierBatchResult & {
  readonly id: string;
  readonly size: number;
  readonly dispatchedAt: number;
};

interface ItemResult {
  readonly result?: TierImageResult;
  readonly batch?: RunBatch;
  readonly error?: { code: FailureCode; message: string };
}

/** Codes that end a record in the DLQ instead of a fallback: the image itself is bad, another tier cannot help. */
const PERMANENT_IMAGE_CODES: ReadonlySet<FailureCode> = new Set<InferenceReason>([
  'INFERENCE_IMAGE_DECODE_FAILED',
  'INFERENCE_IMAGE_NOT_FOUND',
]);

/** The inference stage of one tier: {@link InferenceStage}. */
export function createStage(deps: StageDeps): InferenceStage {
  return new InferenceStage(deps);
}

/**
 * The inference stage's `process`: fetches each record's image, runs it through the dynamic batcher (batches of
 * one route, one model call at a time, through the tier's breaker) and turns each result into DetectionsProduced,
 * a FallbackRequested for the next tier (breaker open, failure after retries, low confidence), a retry (blob
 * store unavailable) or a dead letter (image missing or undecodable; any failure of the last tier).
 * `processRescore` is tier 1's re-score lane on the same batcher and breaker: detections marked as a re-score, or a
 * skip.
 */
export class InferenceStage {
  readonly #d: StageDeps;
  readonly #batcher: DynamicBatcher<Item, ItemResult>;

  constructor(deps: StageDeps) {
    this.#d = deps;
    this.#batcher = new DynamicBatcher<Item, ItemResult>({
      batchSize: () => deps.controller.next,
      maxDelayMs: deps.maxDelayMs,
      run: (batch) => this.#runBatch(batch),
    });
    deps.metrics.batchTarget.set({ tier: deps.tier }, deps.controller.target);
  }

  /** The StageRunner `process` function. */
  readonly process: StageProcess<TierInput> = async (records) => {
    return Promise.all(records.map((r) => this.#processOne(r)));
  };

  /**
   * The re-score lane's StageRunner `process` (tier 1): each RescoreRequested's normalized image goes through the same
   * batcher and breaker as the main lane. A confident answer is one DetectionsProduced marked `rescore` (no fallback
   * reason: this tier answered); ANY failure (image missing or unreadable, blob store down, model failure, breaker
   * open, low confidence) is a skip with the failure's code, never a fallback, retry or dead letter: the capture
   * already has a score, and the scorer asks again later.
   */
  readonly processRescore: StageProcess<RescoreRequested> = async (records) => {
    return Promise.all(records.map((r) => this.#rescoreOne(r)));
  };

  /** Dispatches what is queued (shutdown). */
  drain(): void {
    this.#batcher.drain();
  }

  async #processOne(record: StageRecord<TierInput>): Promise<InferenceOutcome> {
    const started = performance.now();
    const { tier, metrics } = this.#d;
    const job = toJob(tier, record);
    let bytes: Buffer;
    try {
      bytes = await this.#d.blobs.get(job.image.blob_uri);
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      const notFound = isStageError(err) && err.code === 'BLOB_NOT_FOUND';
      metrics.records.inc({ tier, outcome: notFound ? 'dead_letter' : 'retry' });
      return notFound
        ? deadLetter('INFERENCE_IMAGE_NOT_FOUND', error)
        : retry('INFERENCE_IMAGE_UNAVAILABLE', error);
    }
    const fetchedAt = performance.now();
    const r = await this.#batcher.submit(job.image.route, { bytes, queuedAt: fetchedAt });
    if (r.error) return this.#onFailure(record, job, r.error);
    const result = r.result as TierImageResult;
    const batch = r.batch as RunBatch;
    const scores = result.detections.map((d) => d.score);
    const lowConfidence = this.#lowConfidence(job.image, scores);
    if (lowConfidence !== null) return this.#onFailure(record, job, lowConfidence);
    for (const s of scores) metrics.confidence.observe({ tier }, s);
    metrics.records.inc({ tier, outcome: 'detected' });
    return this.#detected({
      image: job.image,
      result,
      batch,
      fallbackReasons: job.fallbackReasons,
      rescore: false,
      started,
      fetchedAt,
    });
  }

  async #rescoreOne(record: StageRecord<RescoreRequested>): Promise<RescoreOutcome> {
    const started = performance.now();
    const { tier, metrics } = this.#d;
    const request = record.value;
    let bytes: Buffer;
    try {
      bytes = await this.#d.blobs.get(request.blob_uri);
    } catch (err) {
      const notFound = isStageError(err) && err.code === 'BLOB_NOT_FOUND';
      const code = notFound ? 'INFERENCE_IMAGE_NOT_FOUND' : 'INFERENCE_IMAGE_UNAVAILABLE';
      return this.#skipRescore(record, { code, message: err instanceof Error ? err.message : String(err) });
    }
    const size = await headerSize(bytes);
    if (size === null) {
      return this.#skipRescore(record, {
        code: 'INFERENCE_IMAGE_DECODE_FAILED',
        message: 'cannot read the size of the normalized image',
      });
    }
    const image = rescoreImage(request, size);
    const fetchedAt = performance.now();
    let r: ItemResult;
    try {
      r = await this.#batcher.submit(image.route, { bytes, queuedAt: fetchedAt });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return this.#skipRescore(record, { code: codelessFailureReason(tier), message });
    }
    if (r.error) return this.#skipRescore(record, r.error);
    const result = r.result as TierImageResult;
    const scores = result.detections.map((d) => d.score);
    const lowConfidence = this.#lowConfidence(image, scores);
    if (lowConfidence !== null) return this.#skipRescore(record, lowConfidence);
    for (const s of scores) metrics.confidence.observe({ tier }, s);
    metrics.records.inc({ tier, outcome: 'rescored' });
    return this.#detected({
      image,
      result,
      batch: r.batch as RunBatch,
      fallbackReasons: [],
      rescore: true,
      started,
      fetchedAt,
    });
  }

  /** A re-score that did not come off: counted, logged, and consumed without output. */
  #skipRescore(
    record: StageRecord<RescoreRequested>,
    error: { code: FailureCode; message: string },
  ): RescoreOutcome {
    this.#d.metrics.records.inc({ tier: this.#d.tier, outcome: 'rescore_skipped' });
    record.logger.info({ code: error.code, detail: error.message }, 'rescore skipped');
    return skip(error.code);
  }

  /**
   * The low-confidence failure of a model tier's answer (mean confidence below MIN_MEAN_CONFIDENCE, see
   * {@link isLowConfidence}); null when the answer is kept. The heuristic tier's answers are always kept.
   */
  #lowConfidence(
    image: ImagePrepared,
    scores: readonly number[],
  ): { code: 'INFERENCE_LOW_CONFIDENCE'; message: string } | null {
    const shelfLines = image.shelf_lines_found ?? null;
    if (this.#d.tier === 'heuristic' || !isLowConfidence(scores, this.#d.minMeanConfidence, shelfLines))
      return null;
    const mean = scores.length === 0 ? 0 : scores.reduce((a, b) => a + b, 0) / scores.length;
    return {
      code: 'INFERENCE_LOW_CONFIDENCE',
      message: `mean confidence ${mean.toFixed(3)} of ${scores.length} detections < ${this.#d.minMeanConfidence}`,
    };
  }

  /** The `ok` outcome of a detected image: its DetectionsProduced on the detections topic. */
  #detected(input: {
    readonly image: ImagePrepared;
    readonly result: TierImageResult;
    readonly batch: RunBatch;
    readonly fallbackReasons: readonly string[];
    readonly rescore: boolean;
    readonly started: number;
    readonly fetchedAt: number;
  }): Outcome<StageOutput, never> {
    const { batch, started, fetchedAt } = input;
    const value = toDetectionsProduced({
      image: input.image,
      tier: this.#d.tier,
      result: input.result,
      batch: {
        batchId: batch.id,
        batchSize: batch.size,
        modelId: batch.modelId,
        modelVersion: batch.modelVersion,
      },
      skuOf: this.#d.skuOf,
      fallbackReasons: input.fallbackReasons,
      timings: {
        queue_ms: batch.dispatchedAt - fetchedAt,
        fetch_ms: fetchedAt - started,
        preprocess_ms: batch.preprocessMs,
        inference_ms: batch.inferenceMs,
        postprocess_ms: batch.postprocessMs,
        total_ms: performance.now() - started,
      },
      producedAt: Date.now(),
      rescore: input.rescore,
    });
    return ok(...toStageOutputs(this.#d.topics, { kind: 'detections', value }));
  }

  #onFailure(
    record: StageRecord<TierInput>,
    job: InferenceJob,
    error: { code: FailureCode; message: string },
  ): InferenceOutcome {
    const { tier, metrics, topics } = this.#d;
    if (PERMANENT_IMAGE_CODES.has(error.code) || topics.fallback === null) {
      metrics.records.inc({ tier, outcome: 'dead_letter' });
      const code = PERMANENT_IMAGE_CODES.has(error.code) ? error.code : 'INFERENCE_HEURISTIC_FAILED';
      return deadLetter(code, Object.assign(new Error(error.message), { code }));
    }
    metrics.fallback.inc({ from_tier: tier, reason: error.code });
    metrics.records.inc({ tier, outcome: 'fallback' });
    record.logger.info({ code: error.code, detail: error.message }, 'forwarding to the next tier');
    const value = toFallbackRequested({
      image: job.image,
      tier,
      code: error.code,
      detail: error.message,
      previousReasons: job.fallbackReasons,
      failedAt: Date.now(),
    });
    return ok(...toStageOutputs(topics, { kind: 'fallback', value }));
  }

  async #runBatch(batch: Batch<Item>): Promise<ItemResult[]> {
    const { tier, metrics, controller } = this.#d;
    const dispatchedAt = performance.now();
    for (const item of batch.items)
      metrics.batchDelay.observe({ tier }, (dispatchedAt - item.queuedAt) / 1000);
    const images = batch.items.map((i) => i.bytes);
    let out: TierBatchResult;
    try {
      out = await this.#d.breaker.fire(batch.route, images);
    } catch (err) {
      const e = err as { code?: string; message?: string };
      const code: FailureCode =
        typeof e.code === 'string' ? (e.code as PassedCode) : codelessFailureReason(tier);
      // One undecodable image must not take its batch-mates down with it: run them one by one.
      if (code === 'INFERENCE_IMAGE_DECODE_FAILED' && batch.items.length > 1) {
        const singles: ItemResult[] = [];
        for (const item of batch.items) {
          const [r] = await this.#runBatch({ ...batch, items: [item], enqueuedAt: [item.queuedAt] });
          singles.push(r as ItemResult);
        }
        return singles;
      }
      return batch.items.map(() => ({ error: { code, message: e.message ?? String(err) } }));
    }
    const latencyMs = performance.now() - dispatchedAt;
    metrics.latency.observe({ tier, route: batch.route }, latencyMs / 1000);
    metrics.batchSize.observe({ tier, route: batch.route }, batch.items.length);
    if (this.#d.adaptive) {
      const decision = controller.observe({
        size: batch.items.length,
        latencyMs,
        backlog: this.#batcher.queued,
        memoryRatio: this.#d.memoryRatio(),
      });
      if (decision !== 'hold')
        this.#d.logger.debug({ decision, target: controller.target }, 'batch size adapted');
      metrics.batchTarget.set({ tier }, controller.target);
    }
    const info = { ...out, id: `${tier}-${randomUUID()}`, size: batch.items.length, dispatchedAt };
    return batch.items.map((_, i) => ({ result: out.images[i] as TierImageResult, batch: info }));
  }
}

/**
 * The normalized image's size from its header (sharp reads the header only; EXIF orientation applied, as the model
 * tiers decode it); null when the bytes are no image sharp can read.
 */
async function headerSize(bytes: Buffer): Promise<ImageSize | null> {
  try {
    const meta = await sharp(bytes).metadata();
    const { width, height } = meta.autoOrient ?? { width: meta.width ?? 0, height: meta.height ?? 0 };
    return width > 0 && height > 0 ? { width, height } : null;
  } catch {
    return null;
  }
}
