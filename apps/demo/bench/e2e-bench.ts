#!/usr/bin/env node
/**
 * `pnpm bench:e2e`: the whole mesh on this machine with 1920x1080 JPEG shelf photos over Kafka. Finds the highest
 * rate it sustains without a growing backlog, measures capture->score p50/p99 at 50 % and 80 % of that rate, and each
 * stage's CPU seconds per capture. Loopback only, bounded in captures and time; figures to a JSON file. README.md
 * ("End-to-end benchmark") says how to read them.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadStackConfig, startStack } from '@shelfstream/stack';
import { benchCaptureSender } from '../src/bench/bench-captures.js';
import { CompletionWatcher } from '../src/bench/completion-watcher.js';
import { drain } from '../src/bench/paced-window.js';
import { DemoSession, dropDatabase, localSessionOptions, Mesh, meshRuntime } from '../src/index.js';
import { createBenchDriver } from './bench-driver.js';
import { formatSummary } from './bench-summary.js';
import { measureLatency } from './latency-windows.js';
import { findSustainedRate } from './rate-search.js';
import { round } from './round.js';
import { runSaturationProbe } from './saturation-probe.js';
import { printTopFrames } from './service-profiles.js';

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
  // The harness's own KafkaJS warnings (partitioner notice, idempotent retries) go to <stateDir>/logs/harness.log
  // (DemoSession's default), not into the progress log.
};

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
  const driver = createBenchDriver(benchCaptureSender(session), watcher);
  const { allSent, unfinished } = driver;
  const imageBytes = session.aisles.map((a) => a.scene.image.length);
  try {
    // Warm-up: connections, JIT, the model's first runs; not measured.
    log('warm-up: 6 captures');
    for (let i = 0; i < 6; i++) await driver.sendOne();
    const left = await drain(() => unfinished(allSent), 180_000);
    if (left > 0)
      throw new Error(`warm-up: ${left} captures did not finish in 180 s; logs: ${options.stateDir}`);

    const probe = await runSaturationProbe(driver, {
      count: probeCount,
      mesh: session.mesh,
      stackDir: stackConfig.stackDir,
      log,
    });
    const { cpu, serviceCpu, infrastructureCpu, machineCpu } = probe;
    const cores = availableParallelism();
    const { sustainedRate, windows } = await findSustainedRate(driver, {
      saturated: probe.saturated,
      windowMs,
      log,
    });
    if (sustainedRate === 0) log('!! no tried rate was sustained; the figures below have no latency windows');
    const latency = await measureLatency(driver, { sustainedRate, windowMs: latencyWindowMs, log });

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
      probe: { captures: probeCount, finished: probe.finished, saturatedPerSecond: round(probe.saturated) },
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
      rssMiBAtEndOfProbe: probe.rssMiB,
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
      printTopFrames(path.resolve(values['cpu-prof']), pids, say);
    await dropDatabase(options.databaseUrl).catch(() => undefined);
    rmSync(path.join(options.stateDir, 'blobs'), { recursive: true, force: true });
  }
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`bench:e2e failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.stderr.write(`service logs: ${path.join(options.stateDir, 'logs')}\n`);
    process.exitCode = 1;
  })
  .finally(() => process.exit());
