import { defineReasons } from '@shelfstream/errors';
import type { Tier } from './transform/tier.js';

/**
 * Reason codes of the inference stage (all tiers). Fallback codes travel in FallbackRequested.reason_code and
 * DetectionsProduced.fallback_reasons; the others end a record in the retry topic or the DLQ.
 */
export const InferenceReasons = defineReasons({
  INFERENCE_BREAKER_OPEN: {
    retriable: false,
    description: "the tier's circuit breaker is open: the record is forwarded to the next tier",
  },
  INFERENCE_REMOTE_FAILED: {
    retriable: false,
    description:
      'the remote model endpoint failed after its retries (5xx, 429, network): forwarded to the next tier',
  },
  INFERENCE_REMOTE_TIMEOUT: {
    retriable: false,
    description:
      'the remote model endpoint did not answer within REMOTE_TIMEOUT_MS after its retries: forwarded',
  },
  INFERENCE_REMOTE_REJECTED: {
    retriable: false,
    description:
      'the remote endpoint answered 4xx (wrong model name or tensor shape): forwarded to the next tier',
  },
  INFERENCE_MODEL_UNAVAILABLE: {
    retriable: false,
    description: "the edge tier cannot load the route's model (missing or corrupt ONNX file): forwarded",
  },
  INFERENCE_EDGE_FAILED: {
    retriable: false,
    description: 'the in-process ONNX run failed: forwarded to the heuristic tier',
  },
  INFERENCE_LOW_CONFIDENCE: {
    retriable: false,
    description: 'mean detection confidence fell below MIN_MEAN_CONFIDENCE: forwarded to the next tier',
  },
  INFERENCE_UNKNOWN_ROUTE: {
    retriable: false,
    description: "the routing table has no model for the record's route: forwarded to the next tier",
  },
  INFERENCE_IMAGE_UNAVAILABLE: {
    retriable: true,
    description: 'the blob store did not answer for the normalized image: retried',
  },
  INFERENCE_IMAGE_NOT_FOUND: {
    retriable: false,
    description: 'the normalized image is missing from the blob store: dead-lettered',
  },
  INFERENCE_IMAGE_DECODE_FAILED: {
    retriable: false,
    description: 'the normalized image cannot be decoded: dead-lettered',
  },
  INFERENCE_HEURISTIC_FAILED: {
    retriable: false,
    description: 'the heuristic tier (the last one) could not process the image: dead-lettered',
  },
});

/** One inference reason code. */
export type InferenceReason = keyof typeof InferenceReasons;

/** What a remote-tier (tier 1) model call fails with. */
export const REMOTE_TIER_REASONS = [
  'INFERENCE_REMOTE_FAILED',
  'INFERENCE_REMOTE_TIMEOUT',
  'INFERENCE_REMOTE_REJECTED',
  'INFERENCE_IMAGE_DECODE_FAILED',
] as const satisfies readonly InferenceReason[];

/** One of {@link REMOTE_TIER_REASONS}. */
export type RemoteTierReason = (typeof REMOTE_TIER_REASONS)[number];

/** What an edge-tier (tier 2, in-process ONNX) model call fails with. */
export const EDGE_TIER_REASONS = [
  'INFERENCE_EDGE_FAILED',
  'INFERENCE_MODEL_UNAVAILABLE',
  'INFERENCE_UNKNOWN_ROUTE',
  'INFERENCE_IMAGE_DECODE_FAILED',
] as const satisfies readonly InferenceReason[];

/** One of {@link EDGE_TIER_REASONS}. */
export type EdgeTierReason = (typeof EDGE_TIER_REASONS)[number];

/** Whether `code` is one of the edge tier's codes. */
export function isEdgeTierReason(code: unknown): code is EdgeTierReason {
  return (EDGE_TIER_REASONS as readonly unknown[]).includes(code);
}

/**
 * The code of a tier's model call that failed without one (a plain Error): the tier's own failure code, so a remote
 * failure is never labelled as an edge one.
 */
export function codelessFailureReason(
  tier: Tier,
): RemoteTierReason | EdgeTierReason | 'INFERENCE_HEURISTIC_FAILED' {
  return tier === 'remote'
    ? 'INFERENCE_REMOTE_FAILED'
    : tier === 'edge'
      ? 'INFERENCE_EDGE_FAILED'
      : 'INFERENCE_HEURISTIC_FAILED';
}
