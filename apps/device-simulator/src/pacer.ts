/**
 * A rate limiter for `ratePerSecond` events: each `wait()` resolves no earlier than 1/rate seconds after the
 * previous slot, so a run of N events takes about N/rate seconds. A rate of 0 or Infinity never waits.
 */
export function createPacer(ratePerSecond: number, now: () => number = Date.now): { wait(): Promise<void> } {
  const gapMs = ratePerSecond > 0 && Number.isFinite(ratePerSecond) ? 1000 / ratePerSecond : 0;
  let nextSlot = 0;
  return {
    async wait() {
      if (gapMs === 0) return;
      const t = now();
      const slot = Math.max(t, nextSlot);
      nextSlot = slot + gapMs;
      if (slot > t) await new Promise((r) => setTimeout(r, slot - t));
    },
  };
}
