import type { LaunchSpec } from './process-control.js';

/** Names of the stack's parts, in start order. */
export const COMPONENT_NAMES = ['postgres', 'kafka', 's3proxy', 'apicurio'] as const;

/** A part of the stack. */
export type ComponentName = (typeof COMPONENT_NAMES)[number];

/**
 * The Kafka nodes: `kafka` always, `kafka-2` and `kafka-3` with `STACK_KAFKA_BROKERS=3` (each a combined KRaft
 * broker and controller).
 */
export const KAFKA_NODE_NAMES = ['kafka', 'kafka-2', 'kafka-3'] as const;

/** One of {@link KAFKA_NODE_NAMES}. */
export type KafkaNodeName = (typeof KAFKA_NODE_NAMES)[number];

/** A part the launcher starts and stops itself (PostgreSQL is only checked, never started). */
export type ProcessComponentName = Exclude<ComponentName, 'postgres' | 'kafka'> | KafkaNodeName;

/** A port a component listens on and the variable that moves it. */
export interface ComponentPort {
  readonly port: number;
  readonly variable: string;
}

/** A component the launcher runs as a detached Java process (strategy per component). */
export interface ProcessComponent {
  readonly name: ProcessComponentName;
  /** What a client connects to, printed by `up` and `status`. */
  readonly endpoint: string;
  /** Every port it listens on, checked to be free before a start. */
  readonly ports: readonly ComponentPort[];
  /** Logs whose tail goes into a start-up error (most telling first). */
  readonly logFiles: readonly string[];
  /** The full health check (true = ready for clients). Must not throw. */
  probe(): Promise<boolean>;
  /** Writes configuration, resolves jars and says what to launch. */
  prepare(log: (line: string) => void): Promise<LaunchSpec>;
  /** Runs after every healthy start or reuse (idempotent set-up such as registry defaults). */
  afterHealthy?(): Promise<void>;
}
