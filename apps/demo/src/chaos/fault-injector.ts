import { setTimeout as sleep } from 'node:timers/promises';
import type { PgCluster, ProcessComponentName } from '@shelfstream/stack';
import type { Mesh } from '../mesh.js';
import type { MeshServiceName } from '../service-specs.js';
import type { FaultKind, PlannedFault } from './fault-schedule.js';
import type { StackControl } from './infra-control.js';

/** What happened to one planned fault, on the harness clock (ms since the first capture was sent). */
export interface FaultOutcome {
  readonly fault: PlannedFault;
  /** When the kill / stop happened; `null` when it could not be done. */
  readonly hitAtMs: number | null;
  /** When the part answered again (service ready, component healthy); `null`: never in time. */
  readonly backAtMs: number | null;
  /** Captures sent but not terminal at the time of the hit. */
  readonly inFlight: number;
  /** The part actually hit when it was chosen at the time (the Kafka node leading the busiest partitions). */
  readonly target?: string;
  /**
   * When every partition the killed Kafka node led had a new leader (three nodes only); `null`: not seen within the
   * watch. The mesh's longest pause is compared with this.
   */
  readonly electedAtMs?: number | null;
  readonly note?: string;
}

/** What the injector acts on and reads. */
export interface InjectorDeps {
  readonly mesh: Mesh;
  readonly stack: StackControl;
  readonly pg: PgCluster;
  /** The harness clock (ms since the first capture was sent). */
  readonly clock: () => number;
  /** Captures in flight now (the last known value while the database is down). */
  readonly inFlight: () => Promise<number>;
  /** Whether the service has unprocessed records in its input now (for mid-transaction kills). */
  readonly hasInput: (service: MeshServiceName) => Promise<boolean>;
  readonly log: (line: string) => void;
  /** Stop early (Ctrl-C, watchdog). */
  readonly signal: AbortSignal;
  /**
   * Least quiet time after an outage ended before the next fault (ms): when restarts made the run late, the plan
   * shifts instead of hitting a mesh that is still recovering. @default 0
   */
  readonly minGapMs?: number;
  /**
   * Chooses the Kafka node a broker fault kills, at the time of the fault (a three-node cluster: the leader of the
   * busiest partitions). @default the only node, `kafka`
   */
  readonly pickBroker?: () => Promise<{
    readonly name: ProcessComponentName;
    readonly why: string;
    readonly newLeaders?: (signal: AbortSignal) => Promise<boolean>;
  }>;
}

const COMPONENT = { broker: 'kafka', registry: 'apicurio', 'blob-store': 's3proxy' } as const;

/**
 * Runs a fault schedule against the mesh and the harness's own stack and PostgreSQL: services are SIGKILLed and
 * restarted at once (in the background; a later outage waits for every restart, so a service never starts into a
 * dead broker), stack parts are SIGKILLed by pid file and started again after their down time with the stack's own
 * start, PostgreSQL is stopped with `pg_ctl -m immediate`. Faults never overlap.
 */
export class FaultInjector {
  readonly #deps: InjectorDeps;
  readonly #restarts = new Map<MeshServiceName, Promise<number | null>>();
  /** When the last part that was down answered again (harness clock). */
  #lastBackAt = Number.NEGATIVE_INFINITY;
  #delayMs = 0;

  constructor(deps: InjectorDeps) {
    this.#deps = deps;
  }

  /** How late the faults hit compared with the plan so far (ms): restarts and gaps shift the schedule. */
  get delayMs(): number {
    return this.#delayMs;
  }

  /** Runs every fault in order; resolves with their outcomes once the last part is back. */
  async run(faults: readonly PlannedFault[]): Promise<FaultOutcome[]> {
    const outcomes: Promise<FaultOutcome>[] = [];
    for (const fault of faults) {
      if (this.#deps.signal.aborted) break;
      // An outage waits for every restart and then a quiet gap, as does the first kill after an outage.
      const previous = faults[fault.id - 2];
      const afterOutage = previous !== undefined && previous.kind !== 'service';
      if (fault.kind !== 'service') await Promise.all(this.#restarts.values());
      const gapFrom = fault.kind !== 'service' || afterOutage ? this.#lastBackAt : Number.NEGATIVE_INFINITY;
      const wait = Math.max(fault.atMs, gapFrom + (this.#deps.minGapMs ?? 0)) - this.#deps.clock();
      if (wait > 0) await sleep(wait, undefined, { signal: this.#deps.signal }).catch(() => undefined);
      if (this.#deps.signal.aborted) break;
      // A service kill resolves once the kill is done; its outcome (restart time) comes later.
      if (fault.kind === 'service') outcomes.push((await this.#killService(fault)).done);
      else {
        const outcome = await this.#outage(fault);
        this.#lastBackAt = Math.max(this.#lastBackAt, outcome.backAtMs ?? this.#deps.clock());
        outcomes.push(Promise.resolve(outcome));
      }
    }
    await Promise.all(this.#restarts.values());
    return Promise.all(outcomes);
  }

  #label(fault: PlannedFault): string {
    return `#${fault.id} ${describe(fault.kind, fault.target, fault.midTransaction)}`;
  }

  async #killService(fault: PlannedFault): Promise<{ done: Promise<FaultOutcome> }> {
    const d = this.#deps;
    const name = fault.target as MeshServiceName;
    // The same service killed again: its previous restart first.
    await this.#restarts.get(name);
    let note: string | undefined;
    if (fault.midTransaction) {
      const deadline = Date.now() + 30_000;
      let busy = false;
      while (!busy && Date.now() < deadline && !d.signal.aborted) {
        busy = await d.hasInput(name).catch(() => false);
        if (!busy) await sleep(250);
      }
      if (!busy) note = 'input empty: killed idle';
    }
    const inFlight = await d.inFlight();
    const hitAtMs = d.clock();
    this.#delayMs = Math.max(this.#delayMs, hitAtMs - fault.atMs);
    await d.mesh.kill(name);
    d.log(`  fault ${this.#label(fault)} at +${s(hitAtMs)} (in flight ${inFlight})`);
    const restart = this.#bringBack(name);
    this.#restarts.set(name, restart);
    const done = restart.then((backAtMs): FaultOutcome => {
      if (this.#restarts.get(name) === restart) this.#restarts.delete(name);
      this.#lastBackAt = Math.max(this.#lastBackAt, backAtMs ?? d.clock());
      d.log(
        backAtMs === null
          ? `  !! ${name} did not come back`
          : `  back ${name} after ${s(backAtMs - hitAtMs)}`,
      );
      return { fault, hitAtMs, backAtMs, inFlight, ...(note ? { note } : {}) };
    });
    return { done };
  }

  /** Restarts a killed service; retried (as an orchestrator would) while it exits during start-up, for 5 min. */
  async #bringBack(name: MeshServiceName): Promise<number | null> {
    const d = this.#deps;
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline && !d.signal.aborted) {
      try {
        if (d.mesh.isRunning(name)) await d.mesh.waitReady(name);
        else await d.mesh.restart(name);
        return d.clock();
      } catch (err) {
        d.log(
          `  !! restart of ${name} failed: ${err instanceof Error ? err.message : String(err)}; retrying`,
        );
        await sleep(3000);
      }
    }
    return null;
  }

  async #outage(fault: PlannedFault): Promise<FaultOutcome> {
    const d = this.#deps;
    const inFlight = await d.inFlight();
    let hitAtMs: number;
    let target: Awaited<ReturnType<NonNullable<InjectorDeps['pickBroker']>>> | undefined;
    let elected: Promise<number | null> | undefined;
    try {
      if (fault.kind === 'broker' && d.pickBroker) {
        target = await d.pickBroker();
        d.log(`  #${fault.id}: the Kafka node to kill is ${target.name} (${target.why})`);
      }
      if (fault.kind === 'postgres') await d.pg.stop('immediate');
      else await d.stack.kill(target?.name ?? COMPONENT[fault.kind as keyof typeof COMPONENT]);
      hitAtMs = d.clock();
      this.#delayMs = Math.max(this.#delayMs, hitAtMs - fault.atMs);
      elected = target?.newLeaders?.(d.signal).then((seen) => (seen ? d.clock() : null));
    } catch (err) {
      const note = `not injected: ${err instanceof Error ? err.message : String(err)}`;
      d.log(`  !! ${this.#label(fault)} ${note}`);
      return { fault, hitAtMs: null, backAtMs: null, inFlight, note };
    }
    d.log(
      `  fault ${this.#label(fault)} at +${s(hitAtMs)} (in flight ${inFlight}); down for ${s(fault.downMs)}`,
    );
    await sleep(fault.downMs, undefined, { signal: d.signal }).catch(() => undefined);
    let backAtMs: number | null = null;
    let note: string | undefined;
    for (let attempt = 1; attempt <= 3 && backAtMs === null; attempt++) {
      try {
        if (fault.kind === 'postgres') await d.pg.start();
        else await d.stack.start();
        backAtMs = d.clock();
      } catch (err) {
        note = `restart failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`;
        d.log(`  !! ${this.#label(fault)} ${note} (attempt ${attempt})`);
        await sleep(5000);
      }
    }
    if (backAtMs !== null) {
      note = undefined;
      d.log(`  back ${fault.target} after ${s(backAtMs - hitAtMs)}`);
    }
    const picked = target ? { target: target.name } : {};
    const election = elected ? { electedAtMs: await elected } : {};
    if (election.electedAtMs != null)
      d.log(`  new leaders for ${fault.target} after ${s(election.electedAtMs - hitAtMs)}`);
    return { fault, hitAtMs, backAtMs, inFlight, ...picked, ...election, ...(note ? { note } : {}) };
  }
}

/** The fault column of the table: `SIGKILL broker (kafka)`, `SIGKILL scorer (mid-transaction)`. */
export function describe(kind: FaultKind, target: string, midTransaction: boolean): string {
  if (kind === 'service') return `SIGKILL ${target}${midTransaction ? ' (mid-transaction)' : ''}`;
  if (kind === 'postgres') return 'PostgreSQL stop -m immediate';
  return `SIGKILL ${kind} (${target})`;
}

function s(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}
