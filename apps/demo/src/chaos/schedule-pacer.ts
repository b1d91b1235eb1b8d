import { setTimeout as sleep } from 'node:timers/promises';

/**
 * When the `n`-th send (0-based) of `count` is due on the harness clock (pure): spread evenly over the schedule's
 * send window, shifted by how late the injector runs (restarts take longer than planned), so that captures keep
 * arriving until the last fault instead of running out before it.
 */
export function sendDueAtMs(n: number, count: number, windowMs: number, injectorDelayMs: number): number {
  return Math.round((n / Math.max(1, count)) * windowMs) + Math.max(0, injectorDelayMs);
}

/** A pacer for {@link sendDueAtMs}: each call waits until the next send is due. */
export function createSchedulePacer(options: {
  count: number;
  windowMs: number;
  clock: () => number;
  injectorDelayMs: () => number;
  signal?: AbortSignal;
}): () => Promise<void> {
  let n = 0;
  return async () => {
    const index = n++;
    for (;;) {
      if (options.signal?.aborted) return;
      const wait =
        sendDueAtMs(index, options.count, options.windowMs, options.injectorDelayMs()) - options.clock();
      if (wait <= 0) return;
      // Re-checked at least every second: the injector's delay can grow while we wait.
      await sleep(Math.min(wait, 1000));
    }
  };
}
