import type { Pool } from '@shelfstream/db';

/**
 * Fewest captures scored in the window for a p99 to count. Below it the reading is undefined, so an idle or
 * just-started mesh (a handful of cold-start captures, each paying model load and connection set-up) never opens the
 * breaker; and with 20 values the p99 is still pulled by the slowest one or two, i.e. it is already a real tail.
 */
export const MIN_SCORED_CAPTURES = 20;

/**
 * p99 of capture->score latency (ms) over the captures scored in the last `$1` seconds, and how many those were.
 * From ingested_at, not captured_at: device clocks drift and backfills upload old photos, so captured_at measures the
 * devices rather than the mesh. Both ends are server clocks (ingestion's accepted_at, the scorer's scored_at); a
 * negative span (skew between the two) counts as 0, as the state tracker's histogram does. The range on scored_at
 * uses captures_scored_at (migration 1764000040000) instead of scanning the table.
 */
export const CAPTURE_TO_SCORE_P99_SQL = `
select count(*)::int as scored,
       percentile_cont(0.99) within group (
         order by greatest(0, extract(epoch from scored_at - ingested_at) * 1000)::float8
       ) as p99_ms
  from shelfstream.captures
 where scored_at >= now() - make_interval(secs => $1)
   and ingested_at is not null`;

/** Settings of {@link createCaptureLatencyProbe}. */
export interface CaptureLatencyOptions {
  /** Captures scored in the last `windowSeconds` make the p99. */
  readonly windowSeconds: number;
  /** A query slower than this counts as failed (ms): the lag reading waits on it. */
  readonly timeoutMs: number;
  /** @default MIN_SCORED_CAPTURES */
  readonly minCaptures?: number;
  /** Called once when reads start failing (not on every probe of the streak). */
  readonly onError?: (err: unknown) => void;
  /** Called once when a read succeeds again after a streak of failures. */
  readonly onRecovered?: () => void;
}

/**
 * The `latency` input of createLagProbe: capture->score p99 (ms) from the state tracker's `shelfstream.captures`, or
 * undefined when too few captures were scored in the window. Never throws: a failed or slow query is undefined too,
 * because not knowing is not being behind (the same rule as a failed lag probe), and it must not cost the lag reading.
 * At most one query runs at a time; probes that come while it runs share it.
 */
export function createCaptureLatencyProbe(
  pool: Pool,
  options: CaptureLatencyOptions,
): () => Promise<number | undefined> {
  const minCaptures = options.minCaptures ?? MIN_SCORED_CAPTURES;
  let inFlight: Promise<number | undefined> | undefined;
  let failing = false;

  const read = async (): Promise<number | undefined> => {
    const { rows } = await pool.query<{ scored: number; p99_ms: number | null }>(CAPTURE_TO_SCORE_P99_SQL, [
      options.windowSeconds,
    ]);
    const row = rows[0];
    if (!row || row.scored < minCaptures || row.p99_ms === null) return undefined;
    return row.p99_ms;
  };

  return async () => {
    inFlight ??= read().finally(() => {
      inFlight = undefined;
    });
    try {
      const p99 = await withTimeout(inFlight, options.timeoutMs);
      if (failing) {
        failing = false;
        options.onRecovered?.();
      }
      return p99;
    } catch (err) {
      if (!failing) {
        failing = true;
        options.onError?.(err);
      }
      return undefined;
    }
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`capture->score latency query took over ${ms} ms`)), ms);
  });
  return Promise.race([promise, timedOut]).finally(() => clearTimeout(timer));
}
