#!/usr/bin/env node
/**
 * `pnpm bench:e2e`: the whole mesh on this machine with 1920x1080 JPEG shelf photos over Kafka. Finds the highest
 * rate it sustains without a growing backlog, measures capture->score p50/p99 at 50 % and 80 % of that rate, and each
 * stage's CPU seconds per capture. Loopback only, bounded in captures and time; figures to a JSON file. README.md
 * ("End-to-end benchmark") says how to read them.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '@shelfstream/observability';
import { loadStackConfig, pidFilePath, stackPaths, startStack } from '@shelfstream/stack';
import { benchCaptureSender } from '../src/bench/bench-captures.js';
import { CompletionWatcher } from '../src/bench/completion-watcher.js';
import {
  candidateRates,
  cpuPerCapture,
  judgeWindow,
  type LatencySummary,
  type SustainVerdict,
  summarizeLatency,
} from '../src/bench/load-analysis.js';
import { drain, runPacedWindow } from '../src/bench/paced-window.js';
import {
  machineBusySeconds,
  namedProcessesCpuSeconds,
  pidFileCpuSeconds,
  scrapeProcessFigures,
} from '../src/bench/process-cpu.js';
import { type CpuProfile, topFrames } from '../src/bench/profile-top-frames.js';
import {
  DemoSession,
  dropDatabase,
  localSessionOptions,
  Mesh,
  type MeshServiceName,
  meshRuntime,
} from '../src/index.js';

const USAGE = `usage: pnpm bench:e2e [options]
  --probe N           captures of the saturation probe (default 40)
  --window S          seconds of each sustained-rate window (default 45)
  --latency-window S  seconds of each latency window (default 60)
  --max-minutes M     hard limit of the whole run (default 20)
  --out FILE          JSON figures (default bench-results/e2e.json)
  --cpu-prof DIR      write a V8 CPU profile of every service to DIR (at the end of the run)
  --runtime R         dist (the compiled services, built by the script first) or source (tsx) (default dist)
  -h, --help`;

const { values } = parseArgs({
  options: {
    probe: { type: 'string', default: '40' },
    window: { type: 'string', default: '45' },
    'latency-window': { type: 'string', default: '60' },
    'max-minutes': { type: 'string', default: '20' },
    out: { type: 'string', default: 'bench-results/e2e.json' },
    runtime: { type: 'string', default: 'dist' },
    'cpu-prof': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const positive = (name: 'probe' | 'window' | 'latency-window' | 'max-minutes'): number => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`bench:e2e: --${name} must be a positive number\n${USAGE}\n`);
    process.exit(2);
  }
  return n;
};
const runtime = meshRuntime(values.runtime, (message) => {
  process.stderr.write(`bench:e2e: ${message}\n${USAGE}\n`);
  process.exit(2);
});
const probeCount = Math.round(positive('probe'));
const windowMs = positive('window') * 1000;
const latencyWindowMs = positive('latency-window') * 1000;
const hardLimitMs = positive('max-minutes') * 60_000;

/** Which stage each mesh process's CPU belongs to (the model server is tier 1's remote endpoint). */
const STAGE_OF: Record<MeshServiceName, string> = {
  ingestion: 'ingestion',
  preprocessing: 'preprocessing',
  'model-server': 'inference',
  'inference-remote': 'inference',
  'inference-edge': 'inference',
  'inference-heuristic': 'inference',
  scorer: 'scoring',
  'state-tracker': 'state-tracker',
};

const say = (line: string) => process.stdout.write(`${line}\n`);
const started = Date.now();
const secondsSinceStart = () => ((Date.now() - started) / 1000).toFixed(0).padStart(4);
const log = (line: string) => say(`[${secondsSinceStart()}s] ${line}`);

// The whole run stops by itself: a watchdog kills the mesh and exits if the limit passes.
const watchdog = setTimeout(() => {
  process.stderr.write(`bench:e2e: over --max-minutes ${values['max-minutes']}; stopping\n`);
  Mesh.killAllNow();
  process.exit(3);
}, hardLimitMs);
watchdog.unref();
process.on('SIGINT', () => {
  Mesh.killAllNow();
  process.exit(130);
});
process.on('exit', () => Mesh.killAllNow());

const suffix = randomBytes(4).toString('hex');
const options = {
  ...localSessionOptions(
    { namespace: `bench-${suffix}`, database: `shelfstream_bench_${suffix}`, stateSubdir: `bench/${suffix}` },
    { width: 1920, height: 1080, stores: 3, aislesPerStore: 3, devicesPerStore: 1 },
  ),
  runtime,
  ...(values['cpu-prof']
    ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values['cpu-prof'])}`] }
    : {}),
  // The harness's own KafkaJS warnings (partitioner notice, idempotent retries) are noise in a progress log.
  logger: createLogger({ service: 'bench-e2e', level: 'error', destination: process.stderr }),
};

interface CpuSnapshot {
  /** CPU seconds of each mesh process (its own /metrics). */
  readonly processes: Record<string, number>;
  /** Resident memory of each mesh process (bytes). */
  readonly rss: Record<string, number>;
  /** CPU seconds of the stack's processes and of this load driver (/proc). */
  readonly infrastructure: Record<string, number>;
  readonly machine: number;
}

async function cpuSnapshot(mesh: Mesh, stackDir: string): Promise<CpuSnapshot> {
  const processes: Record<string, number> = {};
  const rss: Record<string, number> = {};
  for (const name of mesh.services) {
    const figures = await scrapeProcessFigures(`http://127.0.0.1:${mesh.ports[name]}/metrics`);
    processes[name] = figures.cpuSeconds;
    rss[name] = figures.rssBytes;
  }
  const paths = stackPaths({ stackDir });
  const usage = process.cpuUsage();
  const infrastructure = {
    kafka: pidFileCpuSeconds(pidFilePath(paths, 'kafka')),
    registry: pidFileCpuSeconds(pidFilePath(paths, 'apicurio')),
    s3proxy: pidFileCpuSeconds(pidFilePath(paths, 's3proxy')),
    postgresql: namedProcessesCpuSeconds('postgres'),
    'load driver': (usage.user + usage.system) / 1e6,
  };
  return { processes, rss, infrastructure, machine: machineBusySeconds() };
}

interface RateWindow extends SustainVerdict {
  readonly offeredRate: number;
  readonly sentRate: number;
  readonly sent: number;
  readonly finishedInWindow: number;
}

async function main(): Promise<void> {
  const stackConfig = loadStackConfig();
  log('starting the local stack (reuses what runs)...');
  await startStack(stackConfig, { log: (l) => say(`  ${l}`) });
  log('preparing the namespace and starting every service...');
  const session = await DemoSession.start(options, (l) => log(l));
  session.mesh.onUnexpectedExit = (name, code, logFile) =>
    log(`!! ${name} exited (code ${code}); see ${logFile}`);
  const watcher = await CompletionWatcher.start(
    session.kafka,
    { scored: session.topics.compliance, deadLetters: session.topics.deadLetters },
    `bench-watch-${suffix}`,
  );
  const send = benchCaptureSender(session);
  const finished = (id: string) => watcher.finishedAt(id) !== undefined;
  const unfinished = (ids: Iterable<string>) => {
    let n = 0;
    for (const id of ids) if (!finished(id)) n++;
    return n;
  };
  const allSent: string[] = [];
  const sendOne = async () => {
    const id = await send();
    allSent.push(id);
    return id;
  };
  const imageBytes = session.aisles.map((a) => a.scene.image.length);
  try {
    // Warm-up: connections, JIT, the model's first runs; not measured.
    log('warm-up: 6 captures');
    for (let i = 0; i < 6; i++) await sendOne();
    const left = await drain(() => unfinished(allSent), 180_000);
    if (left > 0)
      throw new Error(`warm-up: ${left} captures did not finish in 180 s; logs: ${options.stateDir}`);

    // Saturation probe: a burst queued at once; the completion rate once the pipeline is full is the ceiling.
    log(`saturation probe: ${probeCount} captures at once`);
    const cpuBefore = await cpuSnapshot(session.mesh, stackConfig.stackDir);
    const probeIds: string[] = [];
    const probeStart = Date.now();
    for (let i = 0; i < probeCount; i++) probeIds.push(await sendOne());
    const probeLeft = await drain(() => unfinished(probeIds), Math.max(120_000, probeCount * 10_000));
    const cpuAfter = await cpuSnapshot(session.mesh, stackConfig.stackDir);
    const probeDone = probeIds
      .map((id) => watcher.finishedAt(id))
      .filter((t): t is number => t !== undefined)
      .sort((a, b) => a - b);
    const fromIndex = Math.floor(probeDone.length * 0.2);
    const saturated =
      probeDone.length > fromIndex + 1
        ? (probeDone.length - 1 - fromIndex) /
          (((probeDone.at(-1) ?? 0) - (probeDone[fromIndex] ?? 0)) / 1000 || Number.POSITIVE_INFINITY)
        : 0;
    const finishedProbe = probeDone.length;
    const cpu = cpuPerCapture(
      cpuBefore.processes,
      cpuAfter.processes,
      (p) => STAGE_OF[p as MeshServiceName],
      finishedProbe,
    );
    const serviceCpu = Object.values(cpu).reduce((a, b) => a + b, 0);
    const infrastructureCpu = cpuPerCapture(
      cpuBefore.infrastructure,
      cpuAfter.infrastructure,
      (p) => p,
      finishedProbe,
    );
    const machineCpu = (cpuAfter.machine - cpuBefore.machine) / Math.max(1, finishedProbe);
    const cores = availableParallelism();
    log(
      `probe: ${finishedProbe}/${probeCount} finished in ${((Date.now() - probeStart) / 1000).toFixed(1)} s, ` +
        `saturated throughput ${saturated.toFixed(2)}/s; service CPU ${serviceCpu.toFixed(2)} s/capture, ` +
        `machine ${machineCpu.toFixed(2)} s/capture`,
    );
    if (probeLeft > 0) log(`!! ${probeLeft} probe captures did not finish`);
    const rssMiB = Object.fromEntries(
      Object.entries(cpuAfter.rss).map(([name, bytes]) => [name, Math.round(bytes / 2 ** 20)]),
    );
    log(`RSS at the end of the probe (MiB): ${JSON.stringify(rssMiB)}`);
    const perCapture = (figures: Record<string, number>) =>
      Object.entries(figures)
        .map(([name, s]) => `${name} ${s.toFixed(3)}`)
        .join(', ');
    log(`CPU s/capture by stage: ${perCapture(cpu)}`);
    log(`CPU s/capture outside the services: ${perCapture(infrastructureCpu)}`);

    // Highest sustained rate: from the probe's throughput down by 10 % until a window holds.
    const windows: RateWindow[] = [];
    let sustainedRate = 0;
    for (const rate of candidateRates(saturated, 8)) {
      await drain(() => unfinished(allSent), 120_000);
      log(`window: ${rate}/s for ${windowMs / 1000} s`);
      const w = await runPacedWindow({ rate, durationMs: windowMs, send: sendOne, isFinished: finished });
      const verdict = judgeWindow(w.samples, rate);
      const record: RateWindow = {
        offeredRate: rate,
        sentRate: round(w.sentRate),
        sent: w.sentAt.size,
        finishedInWindow: w.sentAt.size - unfinished(w.sentAt.keys()),
        ...verdict,
        backlogSlope: round(verdict.backlogSlope),
        allowedSlope: round(verdict.allowedSlope),
      };
      windows.push(record);
      log(
        `  backlog ${verdict.backlogSlope >= 0 ? '+' : ''}${verdict.backlogSlope.toFixed(3)}/s ` +
          `(allowed ${verdict.allowedSlope.toFixed(3)}): ${verdict.sustained ? 'sustained' : 'growing'}`,
      );
      if (verdict.sustained && w.sentRate >= rate * 0.95) {
        sustainedRate = rate;
        break;
      }
    }
    if (sustainedRate === 0) log('!! no tried rate was sustained; the figures below have no latency windows');

    // Latency at 50 % and 80 % of the sustained rate: the first 15 % of each window is warm-up, not measured.
    const latency: Record<string, LatencySummary & { rate: number }> = {};
    for (const share of sustainedRate > 0 ? [0.5, 0.8] : []) {
      const rate = round(sustainedRate * share);
      await drain(() => unfinished(allSent), 120_000);
      log(`latency: ${rate}/s (${share * 100} % of ${sustainedRate}/s) for ${latencyWindowMs / 1000} s`);
      const w = await runPacedWindow({
        rate,
        durationMs: latencyWindowMs,
        send: sendOne,
        isFinished: finished,
      });
      await drain(() => unfinished(w.sentAt.keys()), 120_000);
      const measuredFrom = [...w.sentAt.values()][0] ?? 0;
      const skipUntil = measuredFrom + latencyWindowMs * 0.15;
      const measured = new Map([...w.sentAt].filter(([, t]) => t >= skipUntil));
      const done = new Map<string, number>();
      for (const id of measured.keys()) {
        const t = watcher.finishedAt(id);
        if (t !== undefined) done.set(id, t);
      }
      const summary = summarizeLatency(measured, done);
      latency[`${share * 100}%`] = { rate, ...summary };
      log(`  p50 ${summary.p50Ms} ms, p99 ${summary.p99Ms} ms over ${summary.count} captures`);
    }

    // Every process the run charges (services, stack, this driver): unlike /proc/stat's whole machine, it does not
    // count unrelated work on the same machine, so the efficiency below stays meaningful on a shared host.
    const accountedCpu = serviceCpu + Object.values(infrastructureCpu).reduce((a, b) => a + b, 0);
    const allowedByAccounted = cores / accountedCpu;
    const allowedByMachine = cores / machineCpu;
    const failed = allSent.filter((id) => watcher.failedAt.has(id)).length;
    const result = {
      measuredAt: new Date().toISOString(),
      machine: { cores, node: process.version },
      runtime,
      images: { width: 1920, height: 1080, format: 'jpeg', meanBytes: Math.round(mean(imageBytes)) },
      captures: {
        sent: allSent.length,
        scored: allSent.length - unfinished(allSent) - failed,
        deadLettered: failed,
      },
      probe: { captures: probeCount, finished: finishedProbe, saturatedPerSecond: round(saturated) },
      sustainedPerSecond: sustainedRate,
      windows,
      latency,
      cpuSecondsPerCapture: {
        byStage: Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, round(v, 3)])),
        infrastructure: Object.fromEntries(
          Object.entries(infrastructureCpu).map(([k, v]) => [k, round(v, 3)]),
        ),
        services: round(serviceCpu, 3),
        accounted: round(accountedCpu, 3),
        machine: round(machineCpu, 3),
      },
      ratePerSecondAllowedByCpu: {
        services: round(cores / serviceCpu),
        accounted: round(allowedByAccounted),
        machine: round(allowedByMachine),
      },
      // Sustained rate over the rate the measured CPU cost per capture (services + stack + driver) allows: 1 = every
      // core busy with the pipeline's own work.
      pipelineEfficiency: round(sustainedRate / allowedByAccounted),
      rssMiBAtEndOfProbe: rssMiB,
    };
    const out = path.resolve(stackConfig.repoRoot, values.out ?? 'bench-results/e2e.json');
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    say(`\n${formatSummary(result)}\n\nfigures: ${out}`);
  } finally {
    const pids = session.mesh.pids();
    await watcher.stop().catch(() => undefined);
    await session.close();
    if (values['cpu-prof'] && existsSync(path.resolve(values['cpu-prof'])))
      printTopFrames(path.resolve(values['cpu-prof']), pids);
    await dropDatabase(options.databaseUrl).catch(() => undefined);
    rmSync(path.join(options.stateDir, 'blobs'), { recursive: true, force: true });
  }
}

/** Each service's hottest functions, from the profiles its process wrote at exit (named by pid). */
function printTopFrames(dir: string, pids: Partial<Record<MeshServiceName, number>>): void {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  for (const [name, pid] of Object.entries(pids)) {
    const file = files.find((f) => f.split('.').includes(String(pid)));
    if (!file) {
      say(`\n${name}: no profile (pid ${pid}) in ${dir}`);
      continue;
    }
    const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
    say(`\n${name} (${file}): top self time, idle excluded`);
    for (const t of topFrames(profile, 8))
      say(`  ${(t.share * 100).toFixed(1).padStart(5)} %  ${t.selfMs.toFixed(0).padStart(6)} ms  ${t.frame}`);
  }
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

/** The README's table of one run. */
function formatSummary(r: {
  machine: { cores: number };
  sustainedPerSecond: number;
  probe: { saturatedPerSecond: number };
  latency: Record<string, LatencySummary & { rate: number }>;
  cpuSecondsPerCapture: {
    byStage: Record<string, number>;
    infrastructure: Record<string, number>;
    services: number;
    accounted: number;
    machine: number;
  };
  ratePerSecondAllowedByCpu: { services: number; accounted: number; machine: number };
  pipelineEfficiency: number;
  rssMiBAtEndOfProbe: Record<string, number>;
}): string {
  const lines = [
    '| figure | value |',
    '|---|---|',
    `| highest sustained rate (backlog not growing) | ${r.sustainedPerSecond} captures/s |`,
    `| saturated throughput (burst probe) | ${r.probe.saturatedPerSecond} captures/s |`,
  ];
  for (const [share, l] of Object.entries(r.latency))
    lines.push(
      `| capture->score at ${share} (${l.rate}/s): p50 / p99 | ${l.p50Ms} ms / ${l.p99Ms} ms (${l.count} captures) |`,
    );
  for (const [stage, s] of Object.entries(r.cpuSecondsPerCapture.byStage))
    lines.push(`| CPU s per capture: ${stage} | ${s} |`);
  for (const [part, s] of Object.entries(r.cpuSecondsPerCapture.infrastructure))
    lines.push(`| CPU s per capture: ${part} (infrastructure) | ${s} |`);
  lines.push(
    `| CPU s per capture: all services / services + infrastructure / whole machine | ${r.cpuSecondsPerCapture.services} / ${r.cpuSecondsPerCapture.accounted} / ${r.cpuSecondsPerCapture.machine} |`,
  );
  lines.push(
    `| rate ${r.machine.cores} cores allow at that cost: services only / services + infrastructure / whole machine | ${r.ratePerSecondAllowedByCpu.services} / ${r.ratePerSecondAllowedByCpu.accounted} / ${r.ratePerSecondAllowedByCpu.machine} captures/s |`,
  );
  lines.push(
    `| pipeline efficiency (sustained / rate the services + infrastructure CPU allows) | ${r.pipelineEfficiency} |`,
  );
  lines.push(
    `| RSS at the end of the probe (MiB) | ${Object.entries(r.rssMiBAtEndOfProbe)
      .map(([name, mib]) => `${name} ${mib}`)
      .join(', ')} |`,
  );
  return lines.join('\n');
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`bench:e2e failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.stderr.write(`service logs: ${path.join(options.stateDir, 'logs')}\n`);
    process.exitCode = 1;
  })
  .finally(() => process.exit());
