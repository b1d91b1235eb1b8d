import type { Disposition } from './route-outcome.js';
import type { StageMetrics } from './stage-metrics.js';

/** What the runner counts, labelled with its stage and group. */
export class StageMetricsRecorder {
  readonly #metrics: StageMetrics;
  readonly #stage: string;
  readonly #group: string;

  constructor(metrics: StageMetrics, labels: { readonly stage: string; readonly group: string }) {
    this.#metrics = metrics;
    this.#stage = labels.stage;
    this.#group = labels.group;
  }

  /** How far a partition's batch starts behind its high watermark. */
  lag(topic: string, partition: number, messages: number): void {
    this.#metrics.consumerLag.set({ group: this.#group, topic, partition: String(partition) }, messages);
  }

  /** One record routed; a skip for a duplicate is counted apart, the dashboards show the dedup rate. */
  disposition(disposition: Disposition): void {
    const stage = this.#stage;
    switch (disposition.kind) {
      case 'ok':
        this.#metrics.records.inc({ stage, outcome: 'ok' });
        return;
      case 'skip':
        this.#metrics.records.inc({
          stage,
          outcome: disposition.code === 'DUPLICATE' ? 'duplicate' : 'skip',
        });
        return;
      case 'retry':
        this.#metrics.retries.inc({ stage, reason: disposition.code });
        this.#metrics.records.inc({ stage, outcome: 'retry' });
        return;
      case 'dead-letter':
        this.#metrics.deadLetters.inc({ stage, reason: disposition.code });
        this.#metrics.records.inc({ stage, outcome: 'dead_letter' });
        return;
    }
  }

  /**
   * A chunk held in place for a dependency outage: counted as a retry for its reason, so an outage shows on the
   * retry panel although nothing went to the retry topic.
   */
  outageHold(code: string): void {
    this.#metrics.retries.inc({ stage: this.#stage, reason: code });
  }

  /** A chunk committed: its size and its time from consumption to commit. */
  chunk(records: number, seconds: number): void {
    this.#metrics.batchSize.observe({ stage: this.#stage }, records);
    this.#metrics.processingSeconds.observe({ stage: this.#stage }, seconds);
  }
}
