import { type LatencySummary, summarizeLatency } from '../src/bench/load-analysis.js';
import { drain, runPacedWindow } from '../src/bench/paced-window.js';
import type { BenchDriver } from './bench-driver.js';
import { round } from './round.js';

/** Capture->score latency of one window, with the rate it ran at. */
export type WindowLatency = LatencySummary & { rate: number };

/**
 * Capture->score latency at 50 % and 80 % of the sustained rate, keyed `50%` and `80%` (none when no rate was
 * sustained). The first 15 % of each window is warm-up, not measured.
 */
export async function measureLatency(
  driver: BenchDriver,
  options: { sustainedRate: number; windowMs: number; log: (line: string) => void },
): Promise<Record<string, WindowLatency>> {
  const { sustainedRate, windowMs, log } = options;
  const latency: Record<string, WindowLatency> = {};
  for (const share of sustainedRate > 0 ? [0.5, 0.8] : []) {
    const rate = round(sustainedRate * share);
    await drain(() => driver.unfinished(driver.allSent), 120_000);
    log(`latency: ${rate}/s (${share * 100} % of ${sustainedRate}/s) for ${windowMs / 1000} s`);
    const w = await runPacedWindow({
      rate,
      durationMs: windowMs,
      send: driver.sendOne,
      isFinished: driver.finished,
    });
    await drain(() => driver.unfinished(w.sentAt.keys()), 120_000);
    const measuredFrom = [...w.sentAt.values()][0] ?? 0;
    const skipUntil = measuredFrom + windowMs * 0.15;
    const measured = new Map([...w.sentAt].filter(([, t]) => t >= skipUntil));
    const done = new Map<string, number>();
    for (const id of measured.keys()) {
      const t = driver.watcher.finishedAt(id);
      if (t !== undefined) done.set(id, t);
    }
    const summary = summarizeLatency(measured, done);
    latency[`${share * 100}%`] = { rate, ...summary };
    log(`  p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms over ${summary.count} captures`);
  }
  return latency;
}
