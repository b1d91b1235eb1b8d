import type { Verdict } from './verdict.js';

/** Options of a chaos run (the CLI's flags). */
export interface ChaosOptions {
  readonly captures: number;
  readonly short: boolean;
  /** Multiplies outages and gaps (the broker outage never drops below the KafkaJS retry budget). */
  readonly scale: number;
  /** Captures per second; `undefined`: spread the captures over the fault schedule. */
  readonly rate: number | undefined;
  readonly seed: number;
  /** Added to the stack's default ports and to 15432 for PostgreSQL. Must not be 0 (the developer's stack). */
  readonly portOffset: number;
  /** Every consumer group's lag must be 0 within this long after the last fault (ms). */
  readonly stuckWindowMs: number;
  /** After the stuck window, longest wait for every capture to be terminal (ms). */
  readonly drainTimeoutMs: number;
  /** Blob store of the mesh: `s3` (S3Proxy, so its outage matters) or `file`. */
  readonly blob: 's3' | 'file';
  /** Restart services that exit on their own (as Kubernetes would). */
  readonly supervise: boolean;
  readonly pgBinDir: string;
  /**
   * Kafka nodes of the chaos stack: 1, or 3 (replication 3, min.insync.replicas 2), where the broker fault kills the
   * node leading the most capture-path partitions while the other two serve. @default 1
   */
  readonly brokers?: 1 | 3;
}

/** What one run found, for the CLI's exit code. */
export interface ChaosResult {
  readonly verdict: Verdict;
  readonly scoresOk: boolean;
  readonly faultsOk: boolean;
}
