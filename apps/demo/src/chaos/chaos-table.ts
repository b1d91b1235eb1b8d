/** One row of the fault table. */
export interface FaultRow {
  readonly id: number;
  /** What was done, e.g. `SIGKILL broker (kafka)`, `SIGKILL scorer (mid-transaction)`. */
  readonly fault: string;
  /** From the kill until the part was up again (ms); `null` when it never came back. */
  readonly downMs: number | null;
  /** From the part being back until the mesh had caught up (ms); `null`: not recovered. */
  readonly recoverMs: number | null;
  /** Longest time without a finished capture (captures in flight) from the hit until recovered (ms). */
  readonly pauseMs?: number | null;
  /** Captures sent but not yet terminal when the fault hit. */
  readonly inFlight: number;
  /** Why a row is odd (restart failed, kill skipped, ...). */
  readonly note?: string;
}

const HEADERS = ['#', 'fault', 'down', 'recover', 'longest pause', 'in flight', ''] as const;

/**
 * The fault table (pure): fault, down time, time to recover, the mesh's longest pause, captures in flight at the
 * time. A part that never came back reads `never`, a mesh that did not catch up `NOT RECOVERED`.
 */
export function formatChaosTable(rows: readonly FaultRow[]): string {
  const cells = rows.map((r) => [
    String(r.id),
    r.fault,
    r.downMs === null ? 'never' : seconds(r.downMs),
    r.recoverMs === null ? 'NOT RECOVERED' : seconds(r.recoverMs),
    r.pauseMs === undefined || r.pauseMs === null ? '-' : seconds(r.pauseMs),
    String(r.inFlight),
    r.note ?? '',
  ]);
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const right = new Set([0, 2, 3, 4, 5]);
  const line = (c: readonly string[]) =>
    c
      .map((v, i) => (right.has(i) ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths
    .map((w) => '-'.repeat(w))
    .join('  ')
    .trimEnd();
  return [line(HEADERS), rule, ...cells.map(line)].join('\n');
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
