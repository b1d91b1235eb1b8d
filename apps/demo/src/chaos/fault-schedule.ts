/** What a fault hits: a part of the stack or one mesh process. */
export const FAULT_KINDS = ['broker', 'registry', 'service', 'postgres', 'blob-store'] as const;

/** One of {@link FAULT_KINDS}. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** An outage of a stack part: every fault kind but `service`. */
export type OutageKind = Exclude<FaultKind, 'service'>;

/** One planned fault. */
export interface PlannedFault {
  /** 1-based, in time order. */
  readonly id: number;
  readonly kind: FaultKind;
  /** `kafka`, `apicurio`, `postgres`, `s3proxy`, or the mesh process name for `service`. */
  readonly target: string;
  /** When, from the moment the first capture is sent (ms). */
  readonly atMs: number;
  /** How long it stays down before the harness starts it again (ms); 0 for a service: restarted at once. */
  readonly downMs: number;
  /** Service kills only: wait (bounded) until the service's input holds records, so the kill lands mid-batch. */
  readonly midTransaction: boolean;
}

/** The whole plan: the faults and how long captures are sent. */
export interface FaultSchedule {
  readonly faults: readonly PlannedFault[];
  /** Sending spans every fault: from 0 to here (ms). */
  readonly sendWindowMs: number;
  /** When the last fault's outage is planned to end (ms). */
  readonly lastFaultEndMs: number;
}

/** Shape of a schedule (see {@link scheduleShape}). */
export interface ScheduleShape {
  readonly outageMs: Readonly<Record<OutageKind, number>>;
  /** How many times each service is killed. */
  readonly serviceRounds: number;
  /** Between two service kills of a round (ms). */
  readonly killSpacingMs: number;
  /** Quiet time between two faults, for the mesh to recover (ms). */
  readonly gapMs: number;
  /** Before the first fault (ms). */
  readonly warmupMs: number;
}

/**
 * KafkaJS's retry budget with the mesh's client settings (`KAFKA_RETRY`: about 21 s; with the earlier 5 s cap and 8
 * retries measured 21.4 s, 19.0 s and 21.5 s before `producer.connect()` gave up against a closed port). A broker
 * outage shorter than this would be ridden out by KafkaJS's own retries.
 */
export const KAFKAJS_RETRY_BUDGET_MS = 22_000;

/** The broker outage of both forms: longer than {@link KAFKAJS_RETRY_BUDGET_MS}, so consumers must come back by themselves. */
export const BROKER_OUTAGE_MS = 60_000;

/** The full form (issue 12) or the CI form (`--short`), optionally scaled (outages and gaps, never below the broker rule). */
export function scheduleShape(short: boolean, scale = 1): ScheduleShape {
  const s = (ms: number) => Math.round(ms * scale);
  const base: ScheduleShape = short
    ? {
        outageMs: { broker: BROKER_OUTAGE_MS, registry: 20_000, postgres: 25_000, 'blob-store': 20_000 },
        serviceRounds: 2,
        killSpacingMs: 4_000,
        gapMs: 25_000,
        warmupMs: 15_000,
      }
    : {
        outageMs: { broker: BROKER_OUTAGE_MS, registry: 30_000, postgres: 30_000, 'blob-store': 30_000 },
        serviceRounds: 3,
        killSpacingMs: 6_000,
        gapMs: 45_000,
        warmupMs: 20_000,
      };
  return {
    ...base,
    outageMs: {
      broker: Math.max(BROKER_OUTAGE_MS, s(base.outageMs.broker)),
      registry: s(base.outageMs.registry),
      postgres: s(base.outageMs.postgres),
      'blob-store': s(base.outageMs['blob-store']),
    },
    gapMs: s(base.gapMs),
    warmupMs: s(base.warmupMs),
  };
}

const TARGET: Readonly<Record<OutageKind, string>> = {
  broker: 'kafka',
  registry: 'apicurio',
  postgres: 'postgres',
  'blob-store': 's3proxy',
};

/**
 * Builds the schedule (pure; the same seed gives the same plan): a round of service kills, the broker, the
 * registry, a second round, PostgreSQL, the blob store, then the remaining rounds; faults never overlap. In a round
 * every service is killed once, in a seeded order, every other kill waiting to land mid-transaction.
 */
export function buildFaultSchedule(options: {
  readonly services: readonly string[];
  readonly shape: ScheduleShape;
  readonly seed: number;
}): FaultSchedule {
  const { shape } = options;
  const random = mulberry32(options.seed);
  const faults: Omit<PlannedFault, 'id'>[] = [];
  let t = shape.warmupMs;
  let round = 0;
  const serviceRound = () => {
    const order = shuffle([...options.services], random);
    order.forEach((target, i) => {
      faults.push({ kind: 'service', target, atMs: t, downMs: 0, midTransaction: (i + round) % 2 === 0 });
      t += shape.killSpacingMs;
    });
    round++;
    t += shape.gapMs;
  };
  const outage = (kind: OutageKind) => {
    faults.push({ kind, target: TARGET[kind], atMs: t, downMs: shape.outageMs[kind], midTransaction: false });
    t += shape.outageMs[kind] + shape.gapMs;
  };
  if (shape.serviceRounds > 0) serviceRound();
  outage('broker');
  outage('registry');
  if (shape.serviceRounds > 1) serviceRound();
  outage('postgres');
  outage('blob-store');
  while (round < shape.serviceRounds) serviceRound();
  const numbered = faults.map((f, i) => ({ ...f, id: i + 1 }));
  const lastFaultEndMs = Math.max(...numbered.map((f) => f.atMs + f.downMs));
  return { faults: numbered, sendWindowMs: lastFaultEndMs, lastFaultEndMs };
}

/** The schedule as printed before the run: one line per fault. */
export function formatSchedule(schedule: FaultSchedule): string[] {
  return schedule.faults.map((f) => {
    const at = `+${Math.round(f.atMs / 1000)}s`.padStart(6);
    const what =
      f.kind === 'service'
        ? `SIGKILL ${f.target}, restarted at once${f.midTransaction ? ' (waits for records in its input: mid-transaction)' : ''}`
        : f.kind === 'postgres'
          ? `PostgreSQL immediate stop, down ${Math.round(f.downMs / 1000)} s`
          : `SIGKILL ${f.kind} (${f.target}), down ${Math.round(f.downMs / 1000)} s`;
    return `  #${String(f.id).padStart(2)} ${at}  ${what}`;
  });
}

/** Seeded PRNG (mulberry32): deterministic schedules. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
