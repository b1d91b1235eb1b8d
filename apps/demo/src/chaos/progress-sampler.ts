import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from '@shelfstream/db';
import type { ManifestEntry } from '@shelfstream/device-simulator';
import { formatProgress, readProgress } from '../capture-progress.js';
import type { InFlightSample } from './recovery-time.js';
import { capturesEntered } from './send-captures.js';

/** How many captures are in flight over a chaos run: for the progress log, the injector and the fault table. */
export interface ProgressSampler {
  /** Every sample so far, on the harness clock. */
  readonly samples: readonly InFlightSample[];
  /** Captures in flight at the last sample that could be read. */
  inFlight(): number;
  /** Takes one sample now. Never rejects: while PostgreSQL is down the last figures stay. */
  sample(): Promise<void>;
  /** Ends the periodic sampling once the sample under way is taken. */
  stop(): Promise<void>;
}

/**
 * Samples the captures' progress every 2 s (a progress line every 10 s) from now until `stop()`. `entries` is read
 * at each sample, so the captures sent meanwhile count.
 */
export function startProgressSampler(options: {
  pool: Pool;
  entries: readonly ManifestEntry[];
  /** The harness clock (ms since the first capture was sent). */
  clock: () => number;
  log: (line: string) => void;
}): ProgressSampler {
  const { pool, entries, clock, log } = options;
  const samples: InFlightSample[] = [];
  let lastInFlight = 0;
  let lastLine = '';
  const sample = async () => {
    const ids = capturesEntered(entries);
    const p = await readProgress(pool, ids);
    lastInFlight = ids.length - p.terminal;
    samples.push({ atMs: clock(), inFlight: lastInFlight, terminal: p.terminal });
    lastLine = formatProgress(p, entries.length, ids.length);
  };
  const sampleQuietly = () => sample().catch(() => undefined);
  let sampling = true;
  const loop = (async () => {
    let tick = 0;
    while (sampling) {
      await sampleQuietly();
      if (tick++ % 5 === 0)
        log(`[+${Math.round(clock() / 1000)}s] ${lastLine || 'waiting for the first capture'}`);
      await sleep(2000);
    }
  })();
  return {
    samples,
    inFlight: () => lastInFlight,
    sample: sampleQuietly,
    stop: async () => {
      sampling = false;
      await loop;
    },
  };
}
