import type { Outcome } from '@shelfstream/errors';
import type { ChunkOutcomes } from './bounded-process.js';
import type { StageOutput } from './stage-definition.js';

const FIRST_PAUSE_MS = 500;
const MAX_PAUSE_MS = 30_000;
/** Longest sleep between two checks for a stop or a revoked partition (and two heartbeats) during a pause. */
const MAX_NAP_MS = 1_000;

type Outage = Extract<Outcome<StageOutput>, { kind: 'retry' }>;

/** What {@link processThroughOutages} needs of the runner and the batch. */
export interface OutageHoldOptions {
  /** How long a chunk may be held in all (the stage's `maxOutageHoldMs`). */
  readonly holdMs: number;
  readonly now: () => number;
  /** True once the chunk must be given up: the stage stops or the partition was revoked. */
  readonly abandoned: () => boolean;
  readonly heartbeat: () => Promise<void>;
  /** Told each time the chunk is held, with the outage and the pause before the next try. */
  readonly onHold: (outage: Outage, pauseMs: number) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * A retriable failure that says a dependency is down (`*_UNAVAILABLE`: database, blob store, registry), not that the
 * record is at fault.
 */
export function isOutage(outcome: Outcome<StageOutput> | undefined): outcome is Outage {
  return outcome?.kind === 'retry' && outcome.code.endsWith('_UNAVAILABLE');
}

/**
 * Processes a chunk; while any record fails only because a dependency is down, waits with growing pauses and
 * processes the chunk again, in place, instead of spending the records' retry budget on an outage and dead-lettering
 * them. After `holdMs` the outcomes go their normal way (retry topic, then DLQ). 'abandoned' when the chunk must be
 * given up meanwhile: it is then neither committed nor resolved, and is read again.
 */
export async function processThroughOutages(
  processChunk: () => Promise<ChunkOutcomes>,
  options: OutageHoldOptions,
): Promise<ChunkOutcomes | 'abandoned'> {
  const { now } = options;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const holdUntil = now() + options.holdMs;
  let pauseMs = FIRST_PAUSE_MS;
  for (;;) {
    const outcomes = await processChunk();
    const outage = outcomes.find(isOutage);
    if (!outage || now() >= holdUntil) return outcomes;
    options.onHold(outage, pauseMs);
    const deadline = now() + pauseMs;
    while (now() < deadline) {
      if (options.abandoned()) return 'abandoned';
      await sleep(Math.min(MAX_NAP_MS, deadline - now()));
      // A long pause must not cost the group membership; a failed heartbeat shows in the next abandoned() check.
      await options.heartbeat().catch(() => undefined);
    }
    pauseMs = Math.min(MAX_PAUSE_MS, pauseMs * 2);
  }
}
