import type { Logger } from '@shelfstream/observability';
import type { Consumer } from 'kafkajs';

/** What {@link InputPauses} acts on and asks. */
export interface InputPausesOptions {
  /** The consumer in use now (the supervisor replaces it after a crash). */
  readonly consumer: () => Pick<Consumer, 'pause' | 'resume'>;
  /** Every topic the stage consumes. */
  readonly topics: readonly string[];
  /** False once the stage is stopping: nothing is resumed then. */
  readonly running: () => boolean;
  readonly now: () => number;
  readonly logger: Logger;
  readonly stage: string;
  readonly isOverloaded?: (() => boolean) | undefined;
}

/** How often an overloaded stage asks whether it is relieved. */
const RELIEF_POLL_MS = 200;

/**
 * Flow control of a stage's inputs: every input paused for backpressure, or one retry-topic partition paused until
 * its next record is due. A partition's timed resume never undoes a pause of every input.
 */
export class InputPauses {
  readonly #options: InputPausesOptions;
  readonly #timers = new Set<NodeJS.Timeout>();
  #all = false;

  constructor(options: InputPausesOptions) {
    this.#options = options;
  }

  /** True while every input is paused. */
  get all(): boolean {
    return this.#all;
  }

  /** Pauses every input. */
  pauseAll(): void {
    this.#all = true;
    this.#options.consumer().pause(this.#options.topics.map((topic) => ({ topic })));
  }

  /** Resumes every input. */
  resumeAll(): void {
    this.#all = false;
    this.#resume(this.#options.topics.map((topic) => ({ topic })));
  }

  /**
   * Resumes from a timer, where a throw would end the process: KafkaJS's `resume()` throws "Consumer group was not
   * initialized" while it restarts a crashed consumer (seen under `pnpm chaos --brokers 3`: the stage exited 1). The
   * restarted consumer comes back with nothing paused, so there is nothing left to resume.
   */
  #resume(topics: { topic: string; partitions?: number[] }[]): void {
    try {
      this.#options.consumer().resume(topics);
    } catch (err) {
      this.#options.logger.warn(
        { stage: this.#options.stage, err },
        'could not resume inputs (the consumer is restarting and comes back unpaused)',
      );
    }
  }

  /** Waits for a retry record's due time without blocking other partitions: pause just this one. */
  untilDue(topic: string, partition: number, dueAtMs: number): void {
    const { consumer, running, now } = this.#options;
    consumer().pause([{ topic, partitions: [partition] }]);
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        if (running() && !this.#all) this.#resume([{ topic, partitions: [partition] }]);
      },
      Math.max(0, dueAtMs - now()),
    );
    this.#timers.add(timer);
  }

  /** Pauses every input until the stage says it is no longer overloaded (or stops). */
  untilRelieved(): void {
    if (this.#all) return;
    const { logger, stage, running, isOverloaded } = this.#options;
    this.pauseAll();
    logger.warn({ stage }, 'stage overloaded: inputs paused');
    const poll = setInterval(() => {
      if (!running()) {
        clearInterval(poll);
        return;
      }
      if (!isOverloaded?.()) {
        clearInterval(poll);
        this.resumeAll();
        logger.info({ stage }, 'stage relieved: inputs resumed');
      }
    }, RELIEF_POLL_MS);
    poll.unref();
  }

  /** Drops the pending timed resumes (the stage stops). */
  clear(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
