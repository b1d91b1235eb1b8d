/** A progress sample taken while the faults run. */
export interface InFlightSample {
  /** Harness clock (ms). */
  readonly atMs: number;
  /** Captures sent but not yet terminal. */
  readonly inFlight: number;
  /** Captures terminal so far. */
  readonly terminal: number;
}

/**
 * Time to recover (pure): from `backAtMs` (the part is up again) to the first sample at which the captures in flight
 * are back to at most what they were when the fault hit, plus `slack` (arrivals of a few seconds at the send rate),
 * and the mesh has finished a capture since `backAtMs` (or has nothing in flight): a stalled mesh whose backlog
 * happens to be small has not recovered. `null` when no sample up to `untilMs` gets there.
 */
export function recoveryTime(
  samples: readonly InFlightSample[],
  fault: { readonly backAtMs: number; readonly inFlightAtFault: number; readonly untilMs: number },
  slack: number,
): number | null {
  const threshold = fault.inFlightAtFault + slack;
  let terminalAtBack = 0;
  for (const s of samples) if (s.atMs <= fault.backAtMs) terminalAtBack = s.terminal;
  for (const s of samples) {
    if (s.atMs < fault.backAtMs || s.atMs > fault.untilMs) continue;
    if (s.inFlight <= threshold && (s.terminal > terminalAtBack || s.inFlight === 0))
      return s.atMs - fault.backAtMs;
  }
  return null;
}

/**
 * The longest pause of the mesh (pure) within [fromMs, toMs]: the longest time between two samples at which captures
 * had finished, while some were in flight (an idle mesh is not paused). At the sampling resolution (2 s in a run).
 * With three brokers the goal for a broker kill is a pause no longer than the partition leaders' election; with one
 * it is about the outage.
 */
export function longestPause(samples: readonly InFlightSample[], fromMs: number, toMs: number): number {
  let longest = 0;
  let mark = fromMs;
  let finished: number | undefined;
  let lastAt = fromMs;
  let busy = false;
  for (const s of samples) {
    if (s.atMs <= fromMs) {
      finished = s.terminal;
      continue;
    }
    if (s.atMs > toMs) break;
    if (finished !== undefined && s.terminal > finished) longest = Math.max(longest, s.atMs - mark);
    if ((finished !== undefined && s.terminal > finished) || s.inFlight === 0) mark = s.atMs;
    finished = s.terminal;
    lastAt = s.atMs;
    busy = s.inFlight > 0;
  }
  return busy ? Math.max(longest, lastAt - mark) : longest;
}

/**
 * The longest pause of the mesh (pure) within [fromMs, toMs], at millisecond resolution: the longest time between two
 * scores produced (`scoredAtMs`, sorted, the compliance records' produce times on the harness clock), or between the
 * window's edges and a score, while captures were in flight (the nearest 2 s sample at or before the gap's start says
 * so; an idle mesh is not paused). It sees the scorer's own clock, so neither the state tracker's lag nor the
 * sampling adds to it; captures that end otherwise (dead letters, drift holds) do not end a pause.
 */
export function longestScoringGap(
  scoredAtMs: readonly number[],
  samples: readonly InFlightSample[],
  fromMs: number,
  toMs: number,
): number {
  const busyAt = (atMs: number): boolean => {
    let inFlight = samples[0]?.inFlight ?? 0;
    for (const s of samples) {
      if (s.atMs > atMs) break;
      inFlight = s.inFlight;
    }
    return inFlight > 0;
  };
  let longest = 0;
  let mark = fromMs;
  for (const at of scoredAtMs) {
    if (at <= fromMs) continue;
    if (at > toMs) break;
    if (busyAt(mark)) longest = Math.max(longest, at - mark);
    mark = at;
  }
  return busyAt(mark) ? Math.max(longest, toMs - mark) : longest;
}
