import { copyFileSync, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '@shelfstream/config';
import { type ConsumerProcess, consumerGroupIn, consumerGroupsOf } from '@shelfstream/contracts';
import type { ManifestEntry } from '@shelfstream/device-simulator';
import { type KafkaConnection, kafkaConnectionConfig } from '@shelfstream/kafka';
import { createLogger } from '@shelfstream/observability';
import {
  defaultPgOsUser,
  loadStackConfig,
  PgCluster,
  type StackConfig,
  stackEnvironment,
  stackPaths,
  startStack,
  stopStack,
} from '@shelfstream/stack';
import { formatProgress, readCaptureStates, readProgress } from '../capture-progress.js';
import { DemoSession } from '../demo-session.js';
import { Mesh } from '../mesh.js';
import { MESH_SERVICES, type MeshServiceName } from '../service-specs.js';
import { pickBusiestBroker } from './busiest-leader.js';
import { formatFindings, toFaultRows } from './chaos-report.js';
import { formatChaosTable } from './chaos-table.js';
import { countCommittedByKey } from './compliance-count.js';
import { offsetLags } from './consumer-lag.js';
import { FaultInjector } from './fault-injector.js';
import { buildFaultSchedule, type FaultSchedule, formatSchedule, scheduleShape } from './fault-schedule.js';
import { StackControl } from './infra-control.js';
import { readMeshLags, waitForZeroLag } from './lag-window.js';
import { refusedSoundCaptures, undisturbedStates, unsentCount } from './manifest-outcomes.js';
import { readScoreCheck } from './read-scores.js';
import type { InFlightSample } from './recovery-time.js';
import { createSchedulePacer } from './schedule-pacer.js';
import { capturesEntered, sendChaosCaptures } from './send-captures.js';
import { superviseMesh } from './supervisor.js';
import { computeVerdict, type Verdict } from './verdict.js';

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

/** The harness's own places and ports: STACK_DIR `<repo>/.stack/chaos`, PostgreSQL in `<STACK_DIR>/pg`. */
export function chaosPlaces(
  options: Pick<ChaosOptions, 'portOffset' | 'pgBinDir' | 'brokers'>,
  env: NodeJS.ProcessEnv = process.env,
) {
  if (options.portOffset <= 0)
    throw new Error('the chaos stack needs a port offset > 0 (offset 0 is the developer stack)');
  const repoRoot = loadStackConfig(env).repoRoot;
  const chaosDir = path.join(repoRoot, '.stack', 'chaos');
  const pg = new PgCluster({
    binDir: options.pgBinDir,
    rootDir: path.join(chaosDir, 'pg'),
    port: 15432 + options.portOffset,
    osUser: defaultPgOsUser(),
  });
  const stackEnv: Record<string, string | undefined> = {
    ...env,
    STACK_DIR: chaosDir,
    STACK_PORT_OFFSET: String(options.portOffset),
    STACK_KAFKA_BROKERS: String(options.brokers ?? 1),
    DATABASE_URL: pg.url('shelfstream_chaos'),
  };
  // Explicit ports of the caller's environment would point at another stack: only the offset counts here.
  for (const name of [
    'STACK_KAFKA_PORT',
    'STACK_KAFKA_CONTROLLER_PORT',
    'STACK_REGISTRY_PORT',
    'STACK_S3_PORT',
    'STACK_REGISTRY_DATABASE',
  ])
    delete stackEnv[name];
  const stackConfig = loadStackConfig(stackEnv);
  return { repoRoot, chaosDir, pg, stackConfig };
}

/** One chaos run: own PostgreSQL + own stack + the mesh, traffic, faults, verdict. `cleanup()` undoes it all. */
export class ChaosRun {
  readonly #o: ChaosOptions;
  readonly #log: (line: string) => void;
  readonly #repoRoot: string;
  readonly #chaosDir: string;
  readonly #pg: PgCluster;
  readonly #stackConfig: StackConfig;
  readonly #abort = new AbortController();
  #session: DemoSession | undefined;
  #pgStarted = false;
  #stackStarted = false;
  #cleaned = false;

  constructor(options: ChaosOptions, log: (line: string) => void) {
    this.#o = options;
    this.#log = log;
    const places = chaosPlaces(options);
    this.#repoRoot = places.repoRoot;
    this.#chaosDir = places.chaosDir;
    this.#pg = places.pg;
    this.#stackConfig = places.stackConfig;
  }

  /** The schedule this run will follow. */
  schedule(): FaultSchedule {
    return buildFaultSchedule({
      services: MESH_SERVICES,
      shape: scheduleShape(this.#o.short, this.#o.scale),
      seed: this.#o.seed,
    });
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
    log(`chaos: STACK_DIR=${this.#chaosDir}`);
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

    await this.#resetState();
    log(`PostgreSQL: initdb + pg_ctl start in ${this.#pg.options.rootDir} (port ${this.#pg.options.port})`);
    await this.#pg.initFresh();
    this.#pgStarted = true;
    await this.#pg.start();
    log('starting the chaos stack (Kafka, Apicurio, S3Proxy)...');
    this.#stackStarted = true;
    await startStack(this.#stackConfig, { log: (l) => log(`  ${l}`) });

    const session = await this.#startSession();
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
    const samples: InFlightSample[] = [];
    let lastInFlight = 0;
    let lastLine = '';
    const sampleOnce = async () => {
      const ids = capturesEntered(entries);
      const p = await readProgress(session.pool, ids);
      lastInFlight = ids.length - p.terminal;
      samples.push({ atMs: clock(), inFlight: lastInFlight, terminal: p.terminal });
      lastLine = formatProgress(p, entries.length, ids.length);
    };
    let sampling = true;
    const sampler = (async () => {
      let tick = 0;
      while (sampling) {
        await sampleOnce().catch(() => undefined);
        if (tick++ % 5 === 0)
          log(`[+${Math.round(clock() / 1000)}s] ${lastLine || 'waiting for the first capture'}`);
        await sleep(2000);
      }
    })();
    const hasInput = async (service: MeshServiceName) => {
      const proc: ConsumerProcess =
        service === 'scorer' ? 'scoring' : service === 'model-server' ? 'inference-remote' : service;
      const groups = consumerGroupsOf(proc).map((g) => consumerGroupIn(namespace, g));
      const lags = await offsetLags(admin, namespace, groups);
      // 1 per partition can be a transaction marker; 2 or more is at least one record waiting.
      return [...lags.values()].flat().some((p) => p.lag >= 2);
    };
    const injector = new FaultInjector({
      mesh: session.mesh,
      stack: new StackControl(this.#stackConfig),
      pg: this.#pg,
      clock,
      inFlight: async () => {
        await sampleOnce().catch(() => undefined);
        return lastInFlight;
      },
      hasInput,
      log,
      signal: this.#abort.signal,
      minGapMs: scheduleShape(o.short, o.scale).gapMs,
      ...(this.#stackConfig.kafkaBrokers === 3
        ? {
            pickBroker: () =>
              pickBusiestBroker(admin, [
                session.topics.capturesRaw,
                session.topics.capturesValidated,
                session.topics.imagesReady,
                session.topics.detections,
                session.topics.compliance,
              ]),
          }
        : {}),
    });

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
    sampling = false;
    await sampler;
    await sampleOnce().catch(() => undefined);
    if (groupLags.some((g) => g.lag > 0)) {
      const behind = (await readMeshLags(kafka, admin, namespace).catch(() => [])).filter((g) => g.lag > 0);
      const list = behind.map((g) => `${g.group} ${g.lag}`).join(', ');
      log(
        `  after the drain: ${behind.length} group(s) still behind (${list || 'none: they were slow, not dead'})`,
      );
    }
    supervisor.stop();

    log('reading the verdict...');
    const states = await readCaptureStates(session.pool, ids);
    const complianceCounts = await countCommittedByKey(kafka, session.topics.compliance);
    const refusedIds = refusedSoundCaptures(entries, new Set(ids));
    const verdict = computeVerdict({
      captureIds: ids,
      refusedIds,
      states: new Map([...states].map(([id, r]) => [id, r.state])),
      complianceCounts,
      groupLags,
      expectedStates: undisturbedStates(entries),
    });
    const scores = await readScoreCheck(session, entries, ids);
    await admin.disconnect().catch(() => undefined);

    log('');
    log(formatChaosTable(toFaultRows(outcomes, samples, rate, clock())));
    log('');
    const findings = formatFindings({
      verdict,
      states,
      complianceCounts,
      groupLags,
      scores,
      exits: supervisor.exits,
      unsent: unsentCount(entries),
      refused: refusedIds.length,
    });
    for (const line of findings) log(line);
    log(`service logs: ${path.join(this.#chaosDir, 'mesh', 'logs')}`);
    const faultsOk =
      outcomes.length === schedule.faults.length &&
      outcomes.every((x) => x.hitAtMs !== null && x.backAtMs !== null);
    const scoresOk = scores.every((c) => c.ok);
    const why = `${faultsOk ? '' : ' (not every fault was injected and recovered)'}${scoresOk ? '' : ' (scores off the ground truth)'}`;
    log(`verdict: ${verdict.ok && scoresOk && faultsOk ? 'PASS' : 'FAIL'}${why}`);
    return { verdict, scoresOk, faultsOk };
  }

  async #startSession(): Promise<DemoSession> {
    const o = this.#o;
    const baseEnv = stackEnvironment(this.#stackConfig);
    const namespace = `chaos-${Date.now().toString(36)}`;
    const databaseUrl = this.#pg.url('shelfstream_chaos');
    const stateDir = path.join(this.#chaosDir, 'mesh');
    rmSync(stateDir, { recursive: true, force: true });
    mkdirSync(path.join(stateDir, 'logs'), { recursive: true });
    const stackEnv = { ...baseEnv, DATABASE_URL: databaseUrl };
    const connection = loadConfig(kafkaConnectionConfig, {
      ...process.env,
      ...stackEnv,
      KAFKA_TOPIC_NAMESPACE: namespace,
    }) as KafkaConnection;
    const logger = createLogger({
      service: 'chaos',
      level: 'warn',
      destination: createWriteStream(path.join(stateDir, 'logs', 'harness.log'), { flags: 'a' }),
    });
    const extraEnv: Record<string, string> =
      o.blob === 's3' ? { BLOB_STORE_URL: `s3://${this.#stackConfig.s3.bucket}/${namespace}` } : {};
    return DemoSession.start(
      {
        repoRoot: this.#repoRoot,
        namespace,
        databaseUrl,
        stateDir,
        stackEnv,
        connection,
        stores: 3,
        aislesPerStore: 3,
        devicesPerStore: 2,
        seed: o.seed,
        width: 1280,
        height: 960,
        extraEnv,
        logger,
      },
      (l) => this.#log(`  ${l}`),
    );
  }

  /** Stops a chaos stack left by an earlier run, wipes its Kafka and S3 data, seeds the jar classpath cache. */
  async #resetState(): Promise<void> {
    await stopStack(this.#stackConfig).catch(() => undefined);
    const paths = stackPaths(this.#stackConfig);
    // Every node's data and the cluster id: the next start formats a new cluster of the asked-for shape.
    rmSync(paths.kafkaDir, { recursive: true, force: true });
    rmSync(paths.s3proxyDataDir, { recursive: true, force: true });
    // Reads (never writes) the developer stack's resolved classpaths, so the chaos stack starts without Maven.
    const devCache = path.join(this.#repoRoot, '.stack', 'cache');
    if (existsSync(devCache)) {
      mkdirSync(paths.cacheDir, { recursive: true });
      for (const f of readdirSync(devCache))
        if (f.endsWith('.classpath') && !existsSync(path.join(paths.cacheDir, f)))
          copyFileSync(path.join(devCache, f), path.join(paths.cacheDir, f));
    }
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
