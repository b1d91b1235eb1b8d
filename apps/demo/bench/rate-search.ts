import { candidateRates, judgeWindow, type SustainVerdict } from '../src/bench/load-analysis.js';
import { drain, runPacedWindow } from '../src/bench/paced-window.js';
import type { BenchDriver } from './bench-driver.js';
import { round } from './round.js';

/** One paced window of the rate search and whether its backlog held. */
export interface RateWindow extends SustainVerdict {
  readonly offeredRate: number;
  readonly sentRate: number;
  readonly sent: number;
  readonly finishedInWindow: number;
}

/**
 * The highest rate the mesh sustains without a growing backlog: windows from the probe's throughput down by 10 %
 * (at most 8) until one holds. `sustainedRate` is 0 when none did.
 */
export async function findSustainedRate(
  driver: BenchDriver,
  options: { saturated: number; windowMs: number; log: (line: string) => void },
): Promise<{ readonly sustainedRate: number; readonly windows: RateWindow[] }> {
  const { windowMs, log } = options;
  const windows: RateWindow[] = [];
  for (const rate of candidateRates(options.saturated, 8)) {
    await drain(() => driver.unfinished(driver.allSent), 120_000);
    log(`window: ${rate}/s for ${windowMs / 1000} s`);
    const w = await runPacedWindow({
      rate,
      durationMs: windowMs,
      send: driver.sendOne,
      isFinished: driver.finished,
    });
    const verdict = judgeWindow(w.samples, rate);
    const record: RateWindow = {
      offeredRate: rate,
      sentRate: round(w.sentRate),
      sent: w.sentAt.size,
      finishedInWindow: w.sentAt.size - driver.unfinished(w.sentAt.keys()),
      ...verdict,
      backlogSlope: round(verdict.backlogSlope),
      allowedSlope: round(verdict.allowedSlope),
    };
    windows.push(record);
    log(
      `  backlog ${verdict.backlogSlope >= 0 ? '+' : ''}${verdict.backlogSlope.toFixed(3)}/s ` +
        `(allowed ${verdict.allowedSlope.toFixed(3)}): ${verdict.sustained ? 'sustained' : 'growing'}`,
    );
    if (verdict.sustained && w.sentRate >= rate * 0.95) return { sustainedRate: rate, windows };
  }
  return { sustainedRate: 0, windows };
}
