import type { BacklogSample } from './load-analysis.js';

/** What one constant-rate window produced. */
export interface WindowResult {
  /** Capture id -> when it was sent (ms). */
  readonly sentAt: Map<string, number>;
  /** Sent-but-unfinished captures of this window, once per `sampleEveryMs`. */
  readonly samples: BacklogSample[];
  /** Rate actually achieved by the sender (it can fall behind a rate its sends cannot keep up with). */
  readonly sentRate: number;
}

/**
 * Sends captures at `rate` per second for `durationMs` (a schedule of fixed slots from the window's start, so a
 * slow send is caught up rather than lowering the rate), sampling the backlog as it goes. `send` sends one capture
 * and returns its id; `isFinished` says whether a capture has finished.
 */
export async function runPacedWindow(options: {
  rate: number;
  durationMs: number;
  send: () => Promise<string>;
  isFinished: (id: string) => boolean;
  sampleEveryMs?: number;
}): Promise<WindowResult> {
  const sentAt = new Map<string, number>();
  const samples: BacklogSample[] = [];
  const start = Date.now();
  const sampleEvery = options.sampleEveryMs ?? 1000;
  const sample = () => {
    let backlog = 0;
    for (const id of sentAt.keys()) if (!options.isFinished(id)) backlog++;
    samples.push({ t: Date.now(), backlog });
  };
  const sampler = setInterval(sample, sampleEvery);
  try {
    const gapMs = 1000 / options.rate;
    for (let i = 0; ; i++) {
      const slot = start + i * gapMs;
      if (slot >= start + options.durationMs) break;
      const wait = slot - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const id = await options.send();
      sentAt.set(id, Date.now());
    }
  } finally {
    clearInterval(sampler);
  }
  sample();
  const elapsed = Math.max(1, Date.now() - start);
  return { sentAt, samples, sentRate: (sentAt.size * 1000) / elapsed };
}

/** Polls until `remaining()` is 0 or `timeoutMs` passes; returns what remained. */
export async function drain(remaining: () => number, timeoutMs: number, pollMs = 250): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = remaining();
    if (left === 0 || Date.now() >= deadline) return left;
    await new Promise((r) => setTimeout(r, pollMs));
  }
}
