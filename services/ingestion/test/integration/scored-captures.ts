import type { Pool } from '@shelfstream/db';

/** How {@link insertScoredCaptures} stamps its rows. */
export interface ScoredCapturesOptions {
  /** Capture `i` took `i * stepMs` from ingestion to score. */
  readonly stepMs: number;
  /** Every row was scored this many seconds before now (the database's clock). */
  readonly scoredAgoS: number;
  /** False leaves ingested_at null (a score whose ingestion event the tracker has not seen). @default true */
  readonly withIngestedAt?: boolean;
}

/**
 * Inserts SCORED rows `<prefix><i>` for i in `from..to` into shelfstream.captures, as the state tracker would leave
 * them (60: stateRank('SCORED') in services/scoring). captured_at is a day old on purpose: the latency probe must not read it.
 */
export async function insertScoredCaptures(
  pool: Pool,
  prefix: string,
  from: number,
  to: number,
  options: ScoredCapturesOptions,
): Promise<void> {
  await pool.query(
    `insert into shelfstream.captures (capture_id, state, state_rank, captured_at, ingested_at, scored_at)
     select $1 || i, 'SCORED', 60, now() - interval '1 day',
            case when $5 then s.at - make_interval(secs => i * $4 / 1000.0) end, s.at
       from generate_series($2::int, $3::int) as i,
            lateral (select now() - make_interval(secs => $6) as at) as s`,
    [prefix, from, to, options.stepMs, options.withIngestedAt ?? true, options.scoredAgoS],
  );
}
