import type {
  ComplianceScored,
  DetectionsProduced,
  InferenceTier,
  RescoreRequested,
  SupersededScore,
} from '@shelfstream/contracts';

/**
 * Fallback codes that say tier 1 did not answer (down, timing out, breaker open), as opposed to answering badly
 * (low confidence, a rejected request, an undecodable image): only the first kind is worth asking again.
 */
const TIER1_UNAVAILABLE: ReadonlySet<string> = new Set([
  'INFERENCE_BREAKER_OPEN',
  'INFERENCE_REMOTE_FAILED',
  'INFERENCE_REMOTE_TIMEOUT',
]);

const TIER_RANK: Readonly<Record<InferenceTier, number>> = { REMOTE: 0, EDGE: 1, HEURISTIC: 2 };

/** Whether `candidate` is a better (higher) tier than `than`. */
export function isBetterTier(candidate: InferenceTier, than: InferenceTier): boolean {
  return TIER_RANK[candidate] < TIER_RANK[than];
}

/**
 * The tier that should re-score a capture whose first score came from these detections, or null: REMOTE when a
 * lower tier scored it because the remote tier did not answer (its fallback chain starts with an unavailability code).
 */
export function rescoreTarget(detections: DetectionsProduced): InferenceTier | null {
  if (detections.rescore || detections.tier === 'REMOTE') return null;
  const first = detections.fallback_reasons[0];
  return first !== undefined && TIER1_UNAVAILABLE.has(first) ? 'REMOTE' : null;
}

/** The re-score request of a capture, minus its request time (stamped by the job when it sends it). */
export type StoredRescoreRequest = Omit<RescoreRequested, 'requested_at'>;

/** The request that asks `target` to re-score the capture these detections scored. */
export function toRescoreRequest(
  detections: DetectionsProduced,
  target: InferenceTier,
): StoredRescoreRequest {
  return {
    capture_id: detections.capture_id,
    store_id: detections.store_id,
    aisle: detections.aisle,
    fixture_type: detections.fixture_type,
    captured_at: detections.captured_at,
    device_id: detections.device_id,
    planogram_version: detections.planogram_version,
    blob_uri: detections.blob_uri,
    route: detections.route,
    image_width: detections.image_width,
    image_height: detections.image_height,
    quality: detections.quality,
    shelf_lines_found: detections.shelf_lines_found ?? null,
    scored_tier: detections.tier,
    target_tier: target,
    fallback_reasons: [...detections.fallback_reasons],
  };
}

/** What a superseding record says about the score it replaces. */
export function supersededScore(earlier: ComplianceScored): SupersededScore {
  return {
    tier: earlier.tier,
    model_id: earlier.model_id,
    model_version: earlier.model_version,
    score: earlier.score,
    partial: earlier.partial,
    scored_at: earlier.scored_at,
  };
}
