import type { Logger } from '@shelfstream/observability';
import type { Consumer } from 'kafkajs';

/** Settings of {@link ConsumerSupervisor}. */
export interface ConsumerSupervisorOptions {
  /** Makes a fresh consumer (same group and settings each time). */
  readonly create: () => Consumer;
  /** Subscribes and runs a connected consumer; resolves once it runs. */
  readonly setUp: (consumer: Consumer) => Promise<void>;
  /** Called before a crashed consumer is replaced: throw away state tied to it (transactional producers). */
  readonly beforeRecreate?: () => Promise<void>;
  /** Called when the consumer has joined its group (again). */
  readonly onJoin?: (memberAssignment: Record<string, number[]>) => void;
  readonly logger: Logger;
  /** First pause before a recreate. @default 1000 ms */
  readonly initialBackoffMs?: number;
  /** Longest pause between recreates. @default 30000 ms */
  readonly maxBackoffMs?: number;
  /**
   * How long the consumer may stay down (crashed and not yet running again) before `onFatal` is called, so an
   * orchestrator restarts the process instead of it idling behind a red `/readyz`. @default 600000 ms (10 min)
   */
  readonly maxDownMs?: number;
  /** Called once when the consumer has been down longer than `maxDownMs` (default: exit the process with 1). */
  readonly onFatal?: (error: Error) => void;
  /** Injectable clock and timer for tests. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Keeps a KafkaJS consumer alive across crashes that KafkaJS itself gives up on.
 *
 * KafkaJS restarts a crashed consumer only after retriable errors (`restart: true` on the CRASH event). A broker down
 * longer than its retry budget ends in a non-retriable "Failed to find group coordinator", a failed EndTxn in a
 * producer error it does not retry: the consumer then stays dead while the process looks healthy (PITFALLS.md,
 * kafkajs#1466). The supervisor replaces such a consumer with a new one, with capped exponential backoff, forever;
 * `ready` is false from the crash until the new consumer has joined its group, and after `maxDownMs` down it calls
 * `onFatal` so the process exits and is restarted from outside.
 */
export class ConsumerSupervisor {
  readonly #options: ConsumerSupervisorOptions;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  #consumer: Consumer | undefined;
  #running = false;
  #joined = false;
  #downSince: number | undefined;
  #recreating: Promise<void> | undefined;
  #recreates = 0;
  #watchdog: NodeJS.Timeout | undefined;
  #fatal = false;
  /** Ends the recreate backoff now (set while one runs). */
  #wakeBackoff: (() => void) | undefined;

  constructor(options: ConsumerSupervisorOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms) => this.#backoffSleep(ms));
  }

  /** The consumer in use now (replaced after a crash). */
  get consumer(): Consumer {
    if (!this.#consumer) throw new Error('ConsumerSupervisor: not started');
    return this.#consumer;
  }

  /** True while a consumer runs in its group: false from a crash until the replacement has joined. */
  get ready(): boolean {
    return this.#running && this.#joined && this.#downSince === undefined;
  }

  /** How many times a crashed consumer was replaced (for metrics and tests). */
  get recreates(): number {
    return this.#recreates;
  }

  /** Connects, subscribes and runs the first consumer. A failure here is a start-up failure: it throws. */
  async start(): Promise<void> {
    this.#running = true;
    await this.#launch();
    // KafkaJS may also keep restarting a consumer that never gets back into its group: the same limit applies.
    this.#watchdog = setInterval(() => this.#checkDownTime(new Error('consumer keeps crashing')), 1000);
    this.#watchdog.unref();
  }

  /** Stops supervising and disconnects the consumer (leaves the group). */
  async stop(): Promise<void> {
    this.#running = false;
    clearInterval(this.#watchdog);
    this.#wakeBackoff?.();
    await this.#recreating?.catch(() => undefined);
    await this.#consumer?.disconnect();
  }

  async #launch(): Promise<void> {
    const consumer = this.#options.create();
    this.#consumer = consumer;
    this.#joined = false;
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      if (consumer !== this.#consumer) return;
      this.#joined = true;
      this.#downSince = undefined;
      this.#options.onJoin?.(event.payload.memberAssignment);
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (consumer !== this.#consumer) return;
      const { error, restart } = event.payload;
      this.#downSince ??= this.#now();
      this.#joined = false;
      this.#options.logger.error(
        { err: error, restart },
        restart ? 'consumer crashed: KafkaJS restarts it' : 'consumer crashed for good: recreating it',
      );
      if (!restart && this.#running) this.#recreateInBackground(error);
    });
    await consumer.connect();
    await this.#options.setUp(consumer);
  }

  /**
   * The pause between recreates. Its timer is deliberately ref'd: with the broker down every socket is closed, and an
   * unref'd timer would be the only thing left in the event loop, so the process would end with exit code 0 in the
   * middle of an outage (the silent death the supervisor exists to prevent). stop() cuts it short.
   */
  #backoffSleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#wakeBackoff = undefined;
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.#wakeBackoff = wake;
    });
  }

  /** Calls `onFatal` (once) when the consumer has been down too long; true if it did. */
  #checkDownTime(lastError: Error): boolean {
    if (this.#fatal) return true;
    if (!this.#running || this.#downSince === undefined) return false;
    const maxDownMs = this.#options.maxDownMs ?? 600_000;
    const downFor = this.#now() - this.#downSince;
    if (downFor <= maxDownMs) return false;
    this.#fatal = true;
    clearInterval(this.#watchdog);
    const fatal = new Error(`consumer down for ${downFor} ms (limit ${maxDownMs} ms): ${lastError.message}`, {
      cause: lastError,
    });
    this.#options.logger.fatal({ err: fatal }, 'consumer could not be brought back: giving up');
    (this.#options.onFatal ?? exitProcess)(fatal);
    return true;
  }

  #recreateInBackground(cause: Error): void {
    if (this.#recreating) return;
    this.#recreating = this.#recreate(cause).finally(() => {
      this.#recreating = undefined;
    });
  }

  async #recreate(cause: Error): Promise<void> {
    const initial = this.#options.initialBackoffMs ?? 1000;
    const max = this.#options.maxBackoffMs ?? 30_000;
    let delay = initial;
    let lastError = cause;
    while (this.#running) {
      if (this.#checkDownTime(lastError)) return;
      await this.#consumer?.disconnect().catch(() => undefined);
      await this.#sleep(jittered(delay));
      if (!this.#running) return;
      try {
        await this.#options.beforeRecreate?.();
        await this.#launch();
        this.#recreates += 1;
        this.#options.logger.warn({ recreates: this.#recreates }, 'consumer recreated');
        return;
      } catch (err) {
        lastError = err instanceof Error ? err : new Error(String(err));
        this.#options.logger.warn({ err: lastError, nextInMs: delay }, 'recreating the consumer failed');
        delay = Math.min(max, delay * 2);
      }
    }
  }
}

/** Full jitter on the upper half: spreads the recreates of many members after a shared outage. */
function jittered(ms: number): number {
  return Math.round(ms / 2 + Math.random() * (ms / 2));
}

function exitProcess(): void {
  process.exitCode = 1;
  // Give the fatal log line a moment to flush.
  setTimeout(() => process.exit(1), 200).unref();
}
