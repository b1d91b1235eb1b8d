import type { CaptureKind } from '@shelfstream/device-simulator';
import { TERMINAL_STATES } from '../capture-progress.js';
import { type KeyRecords, recordCount } from './compliance-count.js';

/** What the verdict is computed from, read after the run. */
export interface VerdictInput {
  /** Distinct ids of the captures that entered the mesh. */
  readonly captureIds: readonly string[];
  /** Ids sent but refused by the gateway although nothing was wrong with them (a device drops a 4xx). */
  readonly refusedIds: readonly string[];
  /** The state tracker's state of each capture it knows. */
  readonly states: ReadonlyMap<string, string>;
  /**
   * Committed records per key on `shelf.compliance.v1` (read read_committed from the beginning): first scores and
   * re-scores (records whose `supersedes` is set) apart.
   */
  readonly compliance: ReadonlyMap<string, KeyRecords>;
  /** Lag of every consumer group of the mesh at the end of the stuck window. */
  readonly groupLags: readonly { readonly group: string; readonly lag: number }[];
  /**
   * The terminal state each capture reaches in an undisturbed run (by its simulator kind, as test/e2e/pipeline
   * asserts: ok/degraded/empty-shelf/close-up SCORED, corrupt DEAD_LETTERED, drift VERSION_DRIFT, no-shelf
   * UNSCORABLE).
   * Omitted: not checked.
   */
  readonly expectedStates?: ReadonlyMap<string, string>;
}

/** The outcome: counts, with the ids and groups behind them for the report. */
export interface Verdict {
  /** Not in a terminal state, scored without a compliance record, or refused by the gateway. */
  readonly lost: number;
  /**
   * Captures with more than one committed first score (`supersedes` null), or with two re-scores by the same tier.
   * A first score and one re-score per better tier is a legitimate re-score, not a doubled capture.
   */
  readonly doubled: number;
  /** Captures with at least one re-score (informational: not a failure). */
  readonly rescored: number;
  readonly rescoredIds: readonly string[];
  /** Consumer groups whose lag did not come back to 0. */
  readonly stuck: number;
  /** Compliance records of captures that did not end SCORED/ARCHIVED (e.g. scored and dead-lettered). */
  readonly mismatched: number;
  /** Captures terminal in another state than an undisturbed run gives (e.g. dead-lettered by an outage). */
  readonly offPlan: number;
  readonly offPlanIds: readonly string[];
  readonly lostIds: readonly string[];
  readonly doubledIds: readonly string[];
  readonly mismatchedIds: readonly string[];
  readonly stuckGroups: readonly string[];
  /** Final state counts of the captures that entered the mesh (`MISSING`: unknown to the tracker). */
  readonly byState: Readonly<Record<string, number>>;
  /** lost, doubled, stuck, mismatched and off-plan all 0 (re-scored captures do not count). */
  readonly ok: boolean;
}

const TERMINAL: ReadonlySet<string> = new Set(TERMINAL_STATES);
const SCORED: ReadonlySet<string> = new Set(['SCORED', 'ARCHIVED']);

/**
 * Computes lost / doubled / stuck (pure). A capture's single row in the tracker's table gives it exactly one state;
 * it counts as lost when that state is not terminal, when it is missing, or when it ended scored but no committed
 * compliance record exists, first score or re-score. A key is doubled when it has two or more committed first scores
 * (`supersedes` null), or two re-scores by the same tier; a first score plus a re-score by a better tier is not.
 */
export function computeVerdict(input: VerdictInput): Verdict {
  const byState: Record<string, number> = {};
  const lostIds: string[] = [...input.refusedIds];
  const mismatchedIds: string[] = [];
  const offPlanIds: string[] = [];
  for (const id of input.captureIds) {
    const state = input.states.get(id) ?? 'MISSING';
    byState[state] = (byState[state] ?? 0) + 1;
    const records = recordCount(input.compliance.get(id));
    if (!TERMINAL.has(state)) lostIds.push(id);
    else if (SCORED.has(state) && records === 0) lostIds.push(id);
    else if (!SCORED.has(state) && records > 0) mismatchedIds.push(id);
    const expected = input.expectedStates?.get(id);
    if (TERMINAL.has(state) && expected !== undefined && !sameOutcome(state, expected)) offPlanIds.push(id);
  }
  const doubledIds = [...input.compliance].filter(([, r]) => isDoubled(r)).map(([id]) => id);
  const rescoredIds = [...input.compliance].filter(([, r]) => r.rescores.length > 0).map(([id]) => id);
  const stuckGroups = input.groupLags.filter((g) => g.lag > 0).map((g) => g.group);
  const verdict = {
    lost: lostIds.length,
    doubled: doubledIds.length,
    rescored: rescoredIds.length,
    rescoredIds,
    stuck: stuckGroups.length,
    mismatched: mismatchedIds.length,
    offPlan: offPlanIds.length,
    offPlanIds,
    lostIds,
    doubledIds,
    mismatchedIds,
    stuckGroups,
    byState,
  };
  return {
    ...verdict,
    ok:
      verdict.lost === 0 &&
      verdict.doubled === 0 &&
      verdict.stuck === 0 &&
      verdict.mismatched === 0 &&
      verdict.offPlan === 0,
  };
}

/** More than one first score, or two re-scores by the same tier. */
export function isDoubled(r: KeyRecords): boolean {
  const tiers = r.rescores.map((x) => x.tier);
  return r.first > 1 || new Set(tiers).size < tiers.length;
}

/** SCORED and ARCHIVED are one outcome (archival only follows scoring). */
function sameOutcome(state: string, expected: string): boolean {
  return state === expected || (SCORED.has(state) && SCORED.has(expected));
}

/**
 * The state an undisturbed run ends each simulator kind in (test/e2e/pipeline.test.ts); a duplicate ends as its
 * original. Every kind must be listed (checked by `satisfies`).
 */
export const UNDISTURBED_STATE: Readonly<Record<string, string>> = {
  ok: 'SCORED',
  degraded: 'SCORED',
  corrupt: 'DEAD_LETTERED',
  drift: 'VERSION_DRIFT',
  'no-shelf': 'UNSCORABLE',
  'empty-shelf': 'SCORED',
  // Scored over the part in view (coverage < 1); one under SCORING_MIN_COVERAGE also gets a recapture request.
  'close-up': 'SCORED',
} satisfies Record<Exclude<CaptureKind, 'duplicate'>, string>;

/** The machine-readable last line: `lost N, doubled N, stuck N`. */
export function formatLastLine(v: Pick<Verdict, 'lost' | 'doubled' | 'stuck'>): string {
  return `lost ${v.lost}, doubled ${v.doubled}, stuck ${v.stuck}`;
}

/** Reads the counts back from a last line; `undefined` when the line is not one. */
export function parseLastLine(line: string): { lost: number; doubled: number; stuck: number } | undefined {
  const m = /^lost (\d+), doubled (\d+), stuck (\d+)$/.exec(line.trim());
  if (!m) return undefined;
  return { lost: Number(m[1]), doubled: Number(m[2]), stuck: Number(m[3]) };
}
