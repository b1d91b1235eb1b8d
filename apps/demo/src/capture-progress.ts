import type { Pool } from '@shelfstream/db';

/** States after which a capture moves no further on its own. */
export const TERMINAL_STATES = [
  'SCORED',
  'ARCHIVED',
  'DEAD_LETTERED',
  'VERSION_DRIFT',
  'UNSCORABLE',
] as const;

/** Counts of the state tracker's table for a set of captures. */
export interface ProgressSnapshot {
  /** Captures the tracker knows. */
  readonly seen: number;
  readonly byState: Readonly<Record<string, number>>;
  /**
   * Scored captures per tier (REMOTE / EDGE / HEURISTIC): the tier of each capture's current score, one per capture
   * (a re-score replaces the capture's row, so a re-scored capture counts once, under its new tier).
   */
  readonly byTier: Readonly<Record<string, number>>;
  /** Scored captures re-scored by a better tier since (their earlier score is in superseded_results). */
  readonly rescored: number;
  /** Scored captures whose quality was DEGRADED. */
  readonly degraded: number;
  readonly terminal: number;
}

/**
 * Reads the progress of `captureIds` from shelfstream.captures, shelfstream.compliance_results (one row per scored
 * capture, its latest score) and shelfstream.superseded_results (the earlier scores of re-scored captures).
 */
export async function readProgress(pool: Pool, captureIds: readonly string[]): Promise<ProgressSnapshot> {
  const states = await pool.query<{ state: string; n: string }>(
    'select state, count(*) as n from shelfstream.captures where capture_id = any($1) group by state',
    [captureIds],
  );
  const tiers = await pool.query<{ tier: string; quality: string; n: string }>(
    `select tier, quality, count(*) as n from shelfstream.compliance_results
     where capture_id = any($1) group by tier, quality`,
    [captureIds],
  );
  const superseded = await pool.query<{ n: string }>(
    'select count(distinct capture_id) as n from shelfstream.superseded_results where capture_id = any($1)',
    [captureIds],
  );
  const byState: Record<string, number> = {};
  for (const row of states.rows) byState[row.state] = Number(row.n);
  const byTier: Record<string, number> = {};
  let degraded = 0;
  for (const row of tiers.rows) {
    byTier[row.tier] = (byTier[row.tier] ?? 0) + Number(row.n);
    if (row.quality === 'DEGRADED') degraded += Number(row.n);
  }
  const seen = Object.values(byState).reduce((a, b) => a + b, 0);
  const terminal = TERMINAL_STATES.reduce((sum, s) => sum + (byState[s] ?? 0), 0);
  const rescored = Number(superseded.rows[0]?.n ?? 0);
  return { seen, byState, byTier, rescored, degraded, terminal };
}

/** A capture's row in the state tracker's table, as the report and the crash test read it. */
export interface CaptureStateRow {
  readonly capture_id: string;
  readonly state: string;
  readonly dead_letter_reason: string | null;
  /** The scorer's reason code of an UNSCORABLE capture (SCORING_NO_SHELF_FOUND, ...), else null. */
  readonly unscorable_reason: string | null;
}

/** State and dead-letter or unscorable reason of each of `captureIds` the state tracker knows, by capture id. */
export async function readCaptureStates(
  pool: Pool,
  captureIds: readonly string[],
): Promise<Map<string, CaptureStateRow>> {
  const { rows } = await pool.query<CaptureStateRow>(
    `select c.capture_id, c.state, c.dead_letter_reason, u.reason_code as unscorable_reason
       from shelfstream.captures c
       left join shelfstream.unscorable_captures u using (capture_id)
      where c.capture_id = any($1)`,
    [captureIds],
  );
  return new Map(rows.map((r) => [r.capture_id, r]));
}

/**
 * One progress line: `sent 120 | tracked 120/120 | in flight 0 | scored 90 (EDGE 80, HEURISTIC 10) | degraded 9 |
 * ...`; `re-scored N` after the tiers once a capture was re-scored.
 */
export function formatProgress(p: ProgressSnapshot, sent: number, expected: number): string {
  const tiers = Object.entries(p.byTier)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  const inFlight = p.seen - p.terminal;
  return [
    `sent ${sent}`,
    `tracked ${p.seen}/${expected}`,
    `in flight ${inFlight}`,
    `scored ${(p.byState['SCORED'] ?? 0) + (p.byState['ARCHIVED'] ?? 0)}${tiers ? ` (${tiers})` : ''}`,
    ...(p.rescored > 0 ? [`re-scored ${p.rescored}`] : []),
    `degraded ${p.degraded}`,
    `drift-held ${p.byState['VERSION_DRIFT'] ?? 0}`,
    `dead-lettered ${p.byState['DEAD_LETTERED'] ?? 0}`,
    `unscorable ${p.byState['UNSCORABLE'] ?? 0}`,
  ].join(' | ');
}
