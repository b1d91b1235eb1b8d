#!/usr/bin/env node
/**
 * `pnpm demo`: the whole mesh on the local stack, the device simulator, live progress, a compliance report per
 * store and aisle and an HTML report. Wiring only; see README.md.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { capturesInMesh, type ManifestEntry } from '@shelfstream/device-simulator';
import { loadStackConfig, stackEnvironment, startStack } from '@shelfstream/stack';
import { formatProgress, readProgress } from './capture-progress.js';
import { formatAisleReport, readAisleReport } from './compliance-report.js';
import { DemoSession } from './demo-session.js';
import { renderHtmlReport } from './html-report.js';
import { Mesh, meshRuntime } from './mesh.js';
import { meshConnection } from './mesh-connection.js';
import { dropDatabase } from './prepare-namespace.js';
import { buildReportCaptures } from './report-captures.js';

const USAGE = `usage: pnpm demo [options]
  --stores N        stores, formats GONDOLA / ENDCAP / FREEZER in turn (default 3)
  --captures N      captures to send (default 120)
  --rate R          captures per second, 0 = as fast as rendering allows (default 4)
  --devices N       devices per store (default 2)
  --seed N          plan and scene seed (default 7)
  --timeout S       longest wait for every capture to finish, seconds (default 300)
  --runtime R       dist (the compiled services, built by the script first) or source (tsx) (default dist)
  -h, --help`;

const { values } = parseArgs({
  options: {
    stores: { type: 'string', default: '3' },
    captures: { type: 'string', default: '120' },
    rate: { type: 'string', default: '4' },
    devices: { type: 'string', default: '2' },
    seed: { type: 'string', default: '7' },
    timeout: { type: 'string', default: '300' },
    runtime: { type: 'string', default: 'dist' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const num = (name: keyof typeof values): number => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`demo: --${name} must be a non-negative number\n${USAGE}\n`);
    process.exit(2);
  }
  return n;
};
const runtime = meshRuntime(values.runtime, (message) => {
  process.stderr.write(`demo: ${message}\n${USAGE}\n`);
  process.exit(2);
});
const stores = num('stores');
const count = num('captures');
const rate = num('rate');

const stackConfig = loadStackConfig();
const repoRoot = stackConfig.repoRoot;
const stateDir = path.join(repoRoot, '.stack', 'demo');
const baseEnv = stackEnvironment(stackConfig);
const databaseUrl = (() => {
  const u = new URL(baseEnv['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/shelfstream');
  u.pathname = '/shelfstream_demo';
  return u.toString();
})();
const namespace = 'demo';
const stackEnv = { ...baseEnv, DATABASE_URL: databaseUrl };
const connection = meshConnection(stackEnv, namespace);
const say = (line: string) => process.stdout.write(`${line}\n`);

let session: DemoSession | undefined;
let interrupted = false;
const interrupt = () => {
  if (interrupted) {
    Mesh.killAllNow();
    process.exit(130);
  }
  interrupted = true;
  say('\nstopping the services (Ctrl-C again to kill them)...');
  void (async () => {
    await Promise.all([session?.close(), Mesh.stopAll()]);
    process.exit(130);
  })();
};
process.on('SIGINT', interrupt);
process.on('SIGTERM', interrupt);
process.on('exit', () => Mesh.killAllNow());

async function main(): Promise<void> {
  say('starting the local stack (reuses what runs)...');
  await startStack(stackConfig, { log: (l) => say(`  ${l}`) });
  // A fresh database per run: the planograms of a run are derived from --seed and --stores, so a previous run's
  // version 1 could differ. The demo topics keep their records; their consumer groups have committed past them.
  say('resetting database shelfstream_demo');
  await dropDatabase(databaseUrl);
  rmSync(path.join(stateDir, 'report'), { recursive: true, force: true });
  session = await DemoSession.start(
    {
      repoRoot,
      namespace,
      databaseUrl,
      stateDir,
      stackEnv,
      connection,
      stores,
      aislesPerStore: 3,
      devicesPerStore: num('devices'),
      seed: num('seed'),
      width: 1280,
      height: 960,
      runtime,
    },
    say,
  );
  session.mesh.onUnexpectedExit = (name, code, logFile) =>
    say(`!! ${name} exited (code ${code}); see ${logFile}`);
  const imagesDir = path.join(stateDir, 'report', 'images');
  mkdirSync(imagesDir, { recursive: true });
  const entries: ManifestEntry[] = [];
  const ids = () => capturesInMesh(entries);
  const s = session;
  const tick = async () => {
    const p = await readProgress(s.pool, ids());
    say(formatProgress(p, entries.length, ids().length));
  };
  say(`sending ${count} captures at ${rate}/s over Kafka and HTTP...`);
  const progressTimer = setInterval(() => void tick().catch(() => undefined), 3000);
  await session.sendCaptures({
    count,
    ratePerSecond: rate,
    channel: 'both',
    onSent: (entry, image) => {
      entries.push(entry);
      if (entry.duplicate_of === null) writeFileSync(path.join(imagesDir, `${entry.capture_id}.jpg`), image);
    },
  });
  clearInterval(progressTimer);
  say(`sent ${entries.length} captures (${ids().length} distinct); waiting for every one to finish...`);
  const final = await session.waitTerminal(ids(), num('timeout') * 1000, (p) =>
    say(formatProgress(p, entries.length, ids().length)),
  );
  const rows = await readAisleReport(session.pool, ids());
  const summary = [
    formatProgress(final, entries.length, ids().length),
    `states: ${JSON.stringify(final.byState)}`,
    '',
    formatAisleReport(rows),
  ].join('\n');
  say(`\n${summary}`);
  const captures = await buildReportCaptures(session, entries);
  const reportFile = path.join(stateDir, 'report', 'index.html');
  writeFileSync(reportFile, renderHtmlReport('shelfstream demo', summary, captures));
  say(`\nHTML report: ${reportFile}`);
  if (final.terminal < ids().length) {
    say(
      `!! ${ids().length - final.terminal} captures did not finish in time; service logs: ${path.join(stateDir, 'logs')}`,
    );
    process.exitCode = 1;
  }
}

main()
  .catch((err: unknown) => {
    process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.stderr.write(`service logs: ${path.join(stateDir, 'logs')}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    if (!interrupted) await session?.close();
    process.exit();
  });
