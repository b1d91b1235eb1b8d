import { HTTP_REJECTED, type ManifestEntry } from '@shelfstream/device-simulator';
import { SEND_FAILED } from './send-captures.js';
import { UNDISTURBED_STATE } from './verdict.js';

/**
 * Ids of sound captures the gateway refused with a 4xx and that never entered the mesh otherwise (a device does not
 * retry a 4xx: they are lost). A refused duplicate of a corrupt capture is expected (the demo sends corrupt images
 * over Kafka; an HTTP copy gets 400).
 */
export function refusedSoundCaptures(
  entries: readonly ManifestEntry[],
  entered: ReadonlySet<string>,
): string[] {
  const corrupt = new Set(entries.filter((e) => e.kind === 'corrupt').map((e) => e.capture_id));
  return [
    ...new Set(
      entries
        .filter(
          (e) =>
            e.image.startsWith(HTTP_REJECTED) && !corrupt.has(e.capture_id) && !entered.has(e.capture_id),
        )
        .map((e) => e.capture_id),
    ),
  ];
}

/** Sends the harness gave up on after its retry time. */
export function unsentCount(entries: readonly ManifestEntry[]): number {
  return entries.filter((e) => e.image.startsWith(SEND_FAILED)).length;
}

/** The state an undisturbed run ends each original capture in, by its simulator kind. */
export function undisturbedStates(entries: readonly ManifestEntry[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of entries) {
    const state = UNDISTURBED_STATE[e.kind];
    if (e.duplicate_of === null && state !== undefined) out.set(e.capture_id, state);
  }
  return out;
}
