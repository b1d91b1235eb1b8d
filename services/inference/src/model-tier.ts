import type { HeuristicShelfResult } from './transform/heuristic/analyze-shelves.js';

/** One detection of a model tier in the normalized image's pixels (the image the tier ran on). */
export interface TierDetection {
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  /** Model class index; -1 for heuristic facings. */
  readonly classIndex: number;
  readonly score: number;
  readonly shelfIndex?: number;
}

/** What a tier found on one image. */
export interface TierImageResult {
  readonly detections: readonly TierDetection[];
  /** Shelves and facings (heuristic tier only). */
  readonly shelves?: readonly HeuristicShelfResult[];
}

/** What a tier returns for one batch. */
export interface TierBatchResult {
  readonly images: readonly TierImageResult[];
  readonly modelId: string;
  readonly modelVersion: string;
  /** Per-batch step durations (ms). */
  readonly preprocessMs: number;
  readonly inferenceMs: number;
  readonly postprocessMs: number;
}

/**
 * One inference tier's model call: a batch of encoded images of one route in, per-image results out. Throws a
 * StageError whose code says why (the stage forwards or dead-letters on it).
 */
export interface ModelTier {
  readonly tier: 'remote' | 'edge' | 'heuristic';
  runBatch(route: string, images: readonly Buffer[]): Promise<TierBatchResult>;
  /** Readiness for /readyz. */
  ready(): Promise<{ ok: boolean; detail?: string }>;
  close(): Promise<void>;
}
