import type { DlqEntry } from './dlq-entry.js';

/** Which dead letters `dlq list` and `dlq replay` select. Every given field must match. */
export interface DlqFilter {
  /** DeadLetter.stage, case-insensitive (e.g. `preprocessing`). */
  readonly stage?: string | undefined;
  /** Reason code, exact (case-insensitive). */
  readonly reason?: string | undefined;
  /** Earliest dead_lettered_at (epoch ms, inclusive). */
  readonly since?: number | undefined;
  /** Latest dead_lettered_at (epoch ms, exclusive). */
  readonly until?: number | undefined;
  /** Capture id, exact. */
  readonly captureId?: string | undefined;
}

/**
 * Whether a DLQ entry matches the filter. An entry that did not decode matches only an empty filter (there is
 * nothing to compare), so `dlq list` still shows it and a filtered replay never touches it.
 */
export function matchesDlqFilter(entry: DlqEntry, filter: DlqFilter): boolean {
  const letter = entry.letter;
  const constrained = [filter.stage, filter.reason, filter.since, filter.until, filter.captureId].some(
    (v) => v !== undefined,
  );
  if (!letter) return !constrained;
  if (filter.stage !== undefined && letter.stage.toUpperCase() !== filter.stage.toUpperCase()) return false;
  if (filter.reason !== undefined && letter.reason_code.toUpperCase() !== filter.reason.toUpperCase())
    return false;
  if (filter.since !== undefined && letter.dead_lettered_at < filter.since) return false;
  if (filter.until !== undefined && letter.dead_lettered_at >= filter.until) return false;
  if (filter.captureId !== undefined && letter.capture_id !== filter.captureId) return false;
  return true;
}

/** The entries matching the filter, at most `limit` of them (the oldest first, in read order). */
export function selectDeadLetters(
  entries: readonly DlqEntry[],
  filter: DlqFilter,
  limit?: number,
): DlqEntry[] {
  const selected = entries.filter((e) => matchesDlqFilter(e, filter));
  return limit === undefined ? selected : selected.slice(0, limit);
}
