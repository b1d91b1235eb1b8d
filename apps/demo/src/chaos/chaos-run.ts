import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ManifestEntry } from '@shelfstream/device-simulator';
import { type PgCluster, type StackConfig, startStack, stopStack } from '@shelfstream/stack';
import type { DemoSession } from '../demo-session.js';
import { Mesh } from '../mesh.js';
import { MESH_SERVICES } from '../service-specs.js';
import { createChaosInjector } from './chaos-injector.js';
import type { ChaosOptions, ChaosResult } from './chaos-options.js';
import { type ChaosPlaces, chaosPlaces, resetChaosStack } from './chaos-places.js';
import { startChaosSession } from './chaos-session.js';
import type { FaultInjector } from './fault-injector.js';
import { buildFaultSchedule, type FaultSchedule, formatSchedule, scheduleShape } from './fault-schedule.js';
import { StackControl } from './infra-control.js';
import { judgeChaosRun } from './judge-chaos-run.js';
import { readMeshLags, waitForZeroLag } from './lag-window.js';
import { startProgressSampler } from './progress-sampler.js';
import { createSchedulePacer } from './schedule-pacer.js';
import { capturesEntered, sendChaosCaptures } from './send-captures.js';
import { superviseMesh } from './supervisor.js';

/** One chaos run: own PostgreSQL + own stack + the mesh, traffic, faults, verdict. `cleanup()` undoes it all. */
export class ChaosRun {
  readonly #o: ChaosOptions;
  readonly #log: (line: string) => void;
  readonly #places: ChaosPlaces;
  readonly #pg: PgCluster;
  readonly #stackConfig: StackConfig;
  readonly #abort = new AbortController();
  #session: DemoSession | undefined;
  #pgStarted = false;
  #stackStarted = false;
  #cleaned = false;
  #injector: FaultInjector | undefined;

  constructor(options: ChaosOptions, log: (line: string) => void) {
    this.#o = options;
    this.#log = log;
    this.#places = chaosPlaces(options);
    this.#pg = this.#places.pg;
    this.#stackConfig = this.#places.stackConfig;
  }

  /** The schedule this run will follow. */
  schedule(): FaultSchedule {
    return buildFaultSchedule({
      services: MESH_SERVICES,
      shape: scheduleShape(this.#o.short, this.#o.scale),
      seed: this.#o.seed,
    });
  }

  /**
   * How late the faults hit compared with the plan (ms): the captures are paced on the shifted plan, so the watchdog
   * extends its deadline by this much.
   */
  get delayMs(): number {
    return this.#injector?.delayMs ?? 0;
  }

  /** Stops injecting and waiting (Ctrl-C, watchdog); `cleanup()` must follow. */
  abort(): void {
    this.#abort.abort();
  }

  async run(): Promise<ChaosResult> {
    const log = this.#log;
    const o = this.#o;
    const schedule = this.schedule();
    const rate = o.rate ?? Math.max(0.05, o.captures / (schedule.sendWindowMs / 1000));
    const ports = this.#stackConfig.ports;
    log(`chaos: STACK_DIR=${this.#places.chaosDir}`);
    const kafkaNodes =
      this.#stackConfig.kafkaBrokers === 1 ? '' : ` (+2, +4: ${this.#stackConfig.kafkaBrokers} nodes)`;
    log(
      `  own ports: kafka ${ports.kafka}${kafkaNodes}, registry ${ports.registry}, s3 ${ports.s3}, postgres ${this.#pg.options.port} (127.0.0.1 only)`,
    );
    log(
      `  ${o.captures} captures at ${rate.toFixed(2)}/s over ${Math.round(schedule.sendWindowMs / 1000)} s${o.rate === undefined ? ' (shifted as the faults run late)' : ''}, seed ${o.seed}`,
    );
    log('fault schedule (from the first capture sent):');
    for (const line of formatSchedule(schedule)) log(line);

    await resetChaosStack(this.#places);
    log(`PostgreSQL: initdb + pg_ctl start in ${this.#pg.options.rootDir} (port ${this.#pg.options.port})`);
    await this.#pg.initFresh();
    this.#pgStarted = true;
    await this.#pg.start();
    log('starting the chaos stack (Kafka, Apicurio, S3Proxy)...');
    this.#stackStarted = true;
    await startStack(this.#stackConfig, { log: (l) => log(`  ${l}`) });

    const session = await startChaosSession(this.#places, o, log);
    this.#session = session;
    // Guard the harness's own pool: an idle client's error while PostgreSQL is stopped must not crash the harness.
    session.pool.on('error', (err) => log(`  (harness pool: ${err.message})`));
    let t0 = Date.now();
    const clock = () => Date.now() - t0;
    const supervisor = superviseMesh(session.mesh, { restart: o.supervise, clock, log });
    const admin = session.kafka.admin();
    await admin.connect();
    const namespace = session.options.namespace;

    const entries: ManifestEntry[] = [];
    const progress = startProgressSampler({ pool: session.pool, entries, clock, log });
    const injector = createChaosInjector({
      session,
      admin,
      stackConfig: this.#stackConfig,
      pg: this.#pg,
      progress,
      clock,
      log,
      signal: this.#abort.signal,
      minGapMs: scheduleShape(o.short, o.scale).gapMs,
    });
    this.#injector = injector;

    let retriedSends = 0;
    log(`sending ${o.captures} captures over Kafka and HTTP while injecting faults...`);
    t0 = Date.now();
    let sendEndMs = 0;
    const [sent, outcomes] = await Promise.all([
      sendChaosCaptures(session, {
        count: o.captures,
        ratePerSecond: rate,
        ...(o.rate === undefined
          ? {
              pace: createSchedulePacer({
                count: o.captures,
                windowMs: schedule.sendWindowMs,
                clock,
                injectorDelayMs: () => injector.delayMs,
                signal: this.#abort.signal,
              }),
            }
          : {}),
        startAt: Date.now() - o.captures * 1000,
        retryForMs: 300_000,
        onSent: (e) => void entries.push(e),
        onRetry: (channel, err) => {
          retriedSends++;
          if (retriedSends <= 5 || retriedSends % 50 === 0)
            log(
              `  send over ${channel} retrying (${retriedSends} so far): ${err instanceof Error ? err.message.slice(0, 120) : String(err)}`,
            );
        },
      }).then((r) => {
        sendEndMs = clock();
        return r;
      }),
      injector.run(schedule.faults),
    ]);
    const ids = capturesEntered(entries);
    const lastFaultEnd = Math.max(0, ...outcomes.map((x) => x.backAtMs ?? x.hitAtMs ?? 0));
    log(
      `sent ${entries.length} captures (${ids.length} entered the mesh, ${sent.retried} needed retries); last fault over at +${Math.round(lastFaultEnd / 1000)}s`,
    );

    // stuck: every group's lag back to 0 within the window after the last fault. Sends held back by outages (a
    // device queues them) can end after the last fault: the window then starts at the last send, so that it never
    // asks for lag 0 while captures are still arriving.
    const windowFrom = Math.max(lastFaultEnd, sendEndMs);
    const lastSend =
      windowFrom > lastFaultEnd ? ` and the last send (+${Math.round(sendEndMs / 1000)}s)` : '';
    log(
      `waiting up to ${Math.round(o.stuckWindowMs / 1000)} s after the last fault${lastSend} for every consumer group's lag to reach 0...`,
    );
    const kafka = session.kafka;
    const signal = this.#abort.signal;
    const untilMs = windowFrom + o.stuckWindowMs;
    const groupLags = await waitForZeroLag({ kafka, admin, namespace, untilMs, clock, log, signal });
    log(`waiting up to ${Math.round(o.drainTimeoutMs / 1000)} s more for every capture to be terminal...`);
    await session.waitTerminal(ids, signal.aborted ? 0 : o.drainTimeoutMs, () => undefined, 3000);
    await progress.stop();
    await progress.sample();
    if (groupLags.some((g) => g.lag > 0)) {
      const behind = (await readMeshLags(kafka, admin, namespace).catch(() => [])).filter((g) => g.lag > 0);
      const list = behind.map((g) => `${g.group} ${g.lag}`).join(', ');
      log(
        `  after the drain: ${behind.length} group(s) still behind (${list || 'none: they were slow, not dead'})`,
      );
    }
    supervisor.stop();

    return judgeChaosRun({
      session,
      admin,
      entries,
      ids,
      groupLags,
      outcomes,
      plannedFaults: schedule.faults.length,
      samples: progress.samples,
      rate,
      clock,
      exits: supervisor.exits,
      logDir: path.join(this.#places.chaosDir, 'mesh', 'logs'),
      log,
    });
  }

  /** Stops the mesh, the chaos stack and the PostgreSQL cluster. Idempotent. */
  async cleanup(): Promise<void> {
    if (this.#cleaned) return;
    this.#cleaned = true;
    this.#log('cleaning up: mesh, chaos stack, PostgreSQL cluster...');
    await Promise.race([this.#session?.close(), sleep(30_000)]).catch(() => undefined);
    await Mesh.stopAll(5000).catch(() => undefined);
    if (this.#stackStarted)
      await stopStack(this.#stackConfig).catch((err: unknown) => this.#log(`  stack stop: ${String(err)}`));
    if (this.#pgStarted) await this.#pg.stop('fast').catch(() => this.#pg.stopNowSync());
  }

  /** Last resort in a process 'exit' handler: SIGKILL everything of this run, synchronously. */
  cleanupSync(): void {
    Mesh.killAllNow();
    new StackControl(this.#stackConfig).killAllSync();
    if (this.#pgStarted && !this.#cleaned) this.#pg.stopNowSync();
  }
}
