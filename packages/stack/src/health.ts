import { setTimeout as sleep } from 'node:timers/promises';

/** How a wait for health ended. */
export type WaitResult =
  | { readonly kind: 'healthy'; readonly elapsedMs: number }
  | { readonly kind: 'timeout'; readonly elapsedMs: number }
  | { readonly kind: 'aborted'; readonly elapsedMs: number; readonly reason: string };

/** Options of {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this long. */
  readonly timeoutMs: number;
  /** Pause between probes. @default 250 ms */
  readonly intervalMs?: number;
  /** Checked before each probe: a string stops the wait at once (e.g. "process exited"). */
  readonly abortIf?: () => string | undefined;
}

/**
 * Probes until `probe` resolves true, `abortIf` returns a reason, or `timeoutMs` passes.
 *
 * A probe that throws counts as "not yet". Never throws itself: the caller turns a timeout into an
 * error with context (the component's log tail).
 */
export async function waitFor(probe: () => Promise<boolean>, options: WaitForOptions): Promise<WaitResult> {
  const started = Date.now();
  const intervalMs = options.intervalMs ?? 250;
  for (;;) {
    const reason = options.abortIf?.();
    if (reason !== undefined) return { kind: 'aborted', elapsedMs: Date.now() - started, reason };
    const healthy = await probe().catch(() => false);
    const elapsedMs = Date.now() - started;
    if (healthy) return { kind: 'healthy', elapsedMs };
    if (elapsedMs >= options.timeoutMs) return { kind: 'timeout', elapsedMs };
    await sleep(Math.min(intervalMs, Math.max(0, options.timeoutMs - elapsedMs)));
  }
}
