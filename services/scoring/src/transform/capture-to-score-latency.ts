import type { CaptureSnapshot } from '@shelfstream/db';

/**
 * The capture-to-score latency to record for an event, in seconds: from ingestion (the mesh accepting the capture)
 * to its score, once both timestamps are known. Returns `null` when they were already both known before the event
 * (recorded once per capture, whatever the order the two events arrive in) or one is still missing.
 */
export function captureToScoreSeconds(before: CaptureSnapshot | null, after: CaptureSnapshot): number | null {
  const known = (s: CaptureSnapshot | null) =>
    s !== null && s.timestamps.ingestedAt !== null && s.timestamps.scoredAt !== null;
  if (known(before) || !known(after)) return null;
  const seconds = ((after.timestamps.scoredAt as number) - (after.timestamps.ingestedAt as number)) / 1000;
  return Math.max(0, seconds);
}
