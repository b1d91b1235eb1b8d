/** Pure arithmetic of the end-to-end benchmark: backlog trend, sustained-rate verdict, latency percentiles. */

/** Captures sent but not finished, sampled at time `t` (ms). */
export interface BacklogSample {
  readonly t: number;
  readonly backlog: number;
}

/** Least-squares slope of backlog over time, in captures per second (0 with fewer than two distinct times). */
export function backlogSlope(samples: readonly BacklogSample[]): number {
  if (samples.length < 2) return 0;
  const n = samples.length;
  const meanT = samples.reduce((s, x) => s + x.t, 0) / n;
  const meanB = samples.reduce((s, x) => s + x.backlog, 0) / n;
  let num = 0;
  let den = 0;
  for (const x of samples) {
    num += (x.t - meanT) * (x.backlog - meanB);
    den += (x.t - meanT) ** 2;
  }
  return den === 0 ? 0 : (num / den) * 1000;
}

/** The verdict on one constant-rate window. */
export interface SustainVerdict {
  readonly sustained: boolean;
  /** Backlog growth over the judged part of the window, captures per second. */
  readonly backlogSlope: number;
  /** Growth allowed: `tolerance` x the offered rate. */
  readonly allowedSlope: number;
}

/**
 * Whether a window held its offered rate: the backlog (sent - finished) may wobble around the rate x latency
 * plateau but must not trend up. The first third of the window is ignored (the plateau is still filling), and the
 * trend of the rest must stay under `tolerance` x the offered rate: a mesh that finishes 90 % of what it is offered
 * grows its backlog at 10 % of the rate.
 */
export function judgeWindow(
  samples: readonly BacklogSample[],
  offeredRate: number,
  tolerance = 0.1,
): SustainVerdict {
  const start = samples[0]?.t ?? 0;
  const end = samples.at(-1)?.t ?? start;
  const judged = samples.filter((s) => s.t >= start + (end - start) / 3);
  const slope = backlogSlope(judged);
  const allowedSlope = tolerance * offeredRate;
  return { sustained: slope <= allowedSlope, backlogSlope: slope, allowedSlope };
}

/** Nearest-rank percentile (0 < p <= 100) of unsorted values; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/** Capture->score latency summary of a window, ms. */
export interface LatencySummary {
  readonly count: number;
  /** Sent in the measured part but not finished before the drain deadline. */
  readonly unfinished: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Latencies of captures sent at `sentAt` (id -> ms) that finished at `doneAt` (id -> ms). */
export function summarizeLatency(
  sentAt: ReadonlyMap<string, number>,
  doneAt: ReadonlyMap<string, number>,
): LatencySummary {
  const latencies: number[] = [];
  for (const [id, sent] of sentAt) {
    const done = doneAt.get(id);
    if (done !== undefined) latencies.push(done - sent);
  }
  return {
    count: latencies.length,
    unfinished: sentAt.size - latencies.length,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.length ? Math.max(...latencies) : Number.NaN,
  };
}

/**
 * The rates to try while looking for the highest sustained one: the probe's saturated throughput first (a rate the
 * mesh cannot hold long would not hold there either, so a pass there is the answer), then down by `step` each time,
 * at most `maxTries` rates.
 */
export function candidateRates(saturatedThroughput: number, maxTries = 5, step = 0.9): number[] {
  const rates: number[] = [];
  let rate = saturatedThroughput;
  for (let i = 0; i < maxTries; i++, rate *= step) rates.push(Math.round(rate * 100) / 100);
  return rates;
}

/** CPU seconds of each process over a run, by stage, per finished capture. */
export function cpuPerCapture(
  before: Readonly<Record<string, number>>,
  after: Readonly<Record<string, number>>,
  stageOf: (process: string) => string,
  finished: number,
): Record<string, number> {
  const byStage: Record<string, number> = {};
  for (const [name, end] of Object.entries(after)) {
    const used = end - (before[name] ?? end);
    const stage = stageOf(name);
    byStage[stage] = (byStage[stage] ?? 0) + used;
  }
  for (const stage of Object.keys(byStage))
    byStage[stage] = finished > 0 ? (byStage[stage] ?? 0) / finished : 0;
  return byStage;
}
