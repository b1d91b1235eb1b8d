/**
 * Runs an async job every `intervalMs` (first run after one interval), never two runs at once: a tick that finds
 * the previous run still going is skipped. `stop()` clears the schedule and waits for a run in progress. The
 * scoring service's background jobs (archival, re-score) use it.
 */
export class PeriodicRun {
  readonly #run: () => Promise<unknown>;
  readonly #onError: (err: unknown) => void;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(run: () => Promise<unknown>, onError: (err: unknown) => void) {
    this.#run = run;
    this.#onError = onError;
  }

  start(intervalMs: number): void {
    this.#timer = setInterval(() => {
      if (this.#running) return;
      this.#running = this.#run()
        .catch(this.#onError)
        .finally(() => {
          this.#running = undefined;
        });
    }, intervalMs);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }
}
