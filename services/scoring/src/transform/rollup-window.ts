const DAY_MS = 24 * 60 * 60 * 1000;

/** An aggregation window `[start, end)` in UTC epoch milliseconds. */
export interface RollupWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * The rollup window of a capture: the UTC day of `captured_at`. Using the capture time (not the scoring time) makes
 * rollups the same whenever a capture is scored or replayed.
 */
export function rollupWindow(capturedAtMs: number): RollupWindow {
  const start = Math.floor(capturedAtMs / DAY_MS) * DAY_MS;
  return { start, end: start + DAY_MS };
}
