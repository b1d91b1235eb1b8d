import type { CaptureStateRow } from '../capture-progress.js';
import type { FaultRow } from './chaos-table.js';
import type { KeyRecords } from './compliance-count.js';
import { describe, type FaultOutcome } from './fault-injector.js';
import type { GroupLag } from './lag-window.js';
import { type InFlightSample, longestPause, longestScoringGap, recoveryTime } from './recovery-time.js';
import { formatScoreCheck, type TierScoreCheck } from './score-check.js';
import type { UnexpectedExit } from './supervisor.js';
import type { Verdict } from './verdict.js';

/**
 * The fault table's rows (pure): down = hit to back, recover = {@link recoveryTime} with a slack of 5 s of arrivals
 * at `rate`, up to `endMs`; the longest pause from the scores' produce times when given ({@link longestScoringGap}),
 * else from the 2 s samples ({@link longestPause}).
 */
export function toFaultRows(
  outcomes: readonly FaultOutcome[],
  samples: readonly InFlightSample[],
  rate: number,
  endMs: number,
  scoredAtMs?: readonly number[],
): FaultRow[] {
  const sortedScores =
    scoredAtMs && scoredAtMs.length > 0 ? [...scoredAtMs].sort((a, b) => a - b) : undefined;
  const slack = Math.ceil(rate * 5) + 1;
  return outcomes.map((x) => {
    const recoverMs =
      x.backAtMs === null
        ? null
        : recoveryTime(samples, { backAtMs: x.backAtMs, inFlightAtFault: x.inFlight, untilMs: endMs }, slack);
    const recoveredAt = x.backAtMs !== null && recoverMs !== null ? x.backAtMs + recoverMs : endMs;
    return {
      id: x.fault.id,
      fault: describe(x.fault.kind, x.target ?? x.fault.target, x.fault.midTransaction),
      downMs: x.hitAtMs !== null && x.backAtMs !== null ? x.backAtMs - x.hitAtMs : null,
      recoverMs,
      pauseMs:
        x.hitAtMs === null
          ? null
          : sortedScores
            ? longestScoringGap(sortedScores, samples, x.hitAtMs, recoveredAt)
            : longestPause(samples, x.hitAtMs, recoveredAt),
      inFlight: x.inFlight,
      ...(x.note || x.electedAtMs !== undefined ? { note: rowNote(x) } : {}),
    };
  });
}

/** A row's note: the injector's, and for a killed Kafka node of three how long its partitions' election took. */
function rowNote(x: FaultOutcome): string {
  const election =
    x.electedAtMs === undefined
      ? undefined
      : x.electedAtMs === null || x.hitAtMs === null
        ? 'new leaders not seen within 2 min'
        : `new leaders after ${((x.electedAtMs - x.hitAtMs) / 1000).toFixed(1)} s`;
  return [x.note, election].filter((part) => part !== undefined).join('; ');
}

/** Everything printed between the table and the verdict line (pure). */
export function formatFindings(input: {
  readonly verdict: Verdict;
  readonly states: ReadonlyMap<string, CaptureStateRow>;
  readonly compliance: ReadonlyMap<string, KeyRecords>;
  /** Compliance records that could not be decoded (counted as first scores). @default 0 */
  readonly undecoded?: number;
  readonly groupLags: readonly GroupLag[];
  readonly scores: readonly TierScoreCheck[];
  readonly exits: readonly UnexpectedExit[];
  readonly unsent: number;
  readonly refused: number;
}): string[] {
  const { verdict: v, states } = input;
  const lines = [`final states: ${JSON.stringify(v.byState)}`];
  for (const line of formatScoreCheck(input.scores)) lines.push(`scores ${line}`);
  if (input.scores.length === 0)
    lines.push('scores: no capture of quality OK was scored: nothing to compare');
  if (input.exits.length > 0)
    lines.push(
      `services that exited on their own: ${countBy(input.exits.map((e) => `${e.name} (code ${e.code})`))}`,
    );
  if (input.unsent > 0)
    lines.push(`!! ${input.unsent} captures could not be delivered within the retry time (not in the mesh)`);
  if (input.refused > 0)
    lines.push(`!! ${input.refused} sound captures refused by the gateway (4xx): counted lost`);
  const stateOf = (id: string) => {
    const r = states.get(id);
    return `${r?.state ?? 'MISSING'}${r?.dead_letter_reason ? ` ${r.dead_letter_reason}` : ''}`;
  };
  if (v.lost > 0)
    lines.push(`lost: ${countBy(v.lostIds.map(stateOf))}; first: ${v.lostIds.slice(0, 5).join(' ')}`);
  if (v.doubled > 0)
    lines.push(
      `doubled (first 10): ${v.doubledIds
        .slice(0, 10)
        .map((id) => `${id.slice(0, 12)} ${describeRecords(input.compliance.get(id))}`)
        .join(', ')}`,
    );
  if (v.rescored > 0) {
    const rescores = v.rescoredIds.flatMap((id) => input.compliance.get(id)?.rescores ?? []);
    lines.push(
      `re-scored (informational): ${v.rescored} captures, ${countBy(rescores.map((r) => `${r.supersededTier}->${r.tier}`))}`,
    );
  }
  if ((input.undecoded ?? 0) > 0)
    lines.push(`!! ${input.undecoded} compliance records could not be decoded: counted as first scores`);
  if (v.mismatched > 0)
    lines.push(
      `!! ${v.mismatched} compliance records of captures not scored: ${countBy(v.mismatchedIds.map(stateOf))}`,
    );
  if (v.offPlan > 0)
    lines.push(
      `!! ${v.offPlan} captures ended otherwise than in an undisturbed run: ${countBy(v.offPlanIds.map(stateOf))}`,
    );
  if (v.stuck > 0)
    lines.push(
      `stuck groups: ${input.groupLags
        .filter((g) => g.lag > 0)
        .map((g) => `${g.group} (lag ${g.lag})`)
        .join(', ')}`,
    );
  return lines;
}

/** A key's records for the doubled line: `(first x2)`, `(first x1, re-score REMOTE x2)`. */
export function describeRecords(r: KeyRecords | undefined): string {
  const parts = [`first x${r?.first ?? 0}`];
  const byTier = new Map<string, number>();
  for (const x of r?.rescores ?? []) byTier.set(x.tier, (byTier.get(x.tier) ?? 0) + 1);
  for (const [tier, n] of byTier) parts.push(`re-score ${tier} x${n}`);
  return `(${parts.join(', ')})`;
}

function countBy(keys: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const k of keys) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([k, n]) => `${k} x${n}`).join(', ');
}
