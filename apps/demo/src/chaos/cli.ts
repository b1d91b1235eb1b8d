#!/usr/bin/env node
/**
 * `pnpm chaos`: the whole mesh on its own stack and PostgreSQL cluster, captures sent while faults are injected on a
 * printed schedule, then the verdict (lost / doubled / stuck, scores against the ground truth) and a fault table.
 * Wiring only: flags, watchdog, Ctrl-C and clean-up; see chaos-run.ts. Exit 0 only when everything held.
 */
import { parseArgs } from 'node:util';
import { ChaosRun } from './chaos-run.js';
import { formatLastLine } from './verdict.js';

const USAGE = `usage: pnpm chaos [options]
Runs the mesh on its own stack (STACK_DIR=.stack/chaos, ports + --port-offset) and its own PostgreSQL cluster
(initdb/pg_ctl under .stack/chaos/pg), sends captures while it SIGKILLs the broker, the registry, S3Proxy and every
service and stops PostgreSQL -m immediate, then checks lost/doubled/stuck and the scores.
  --captures N        captures to send (default 2000; 300 with --short)
  --short             the CI form: 300 captures, outages of 20-25 s (the broker's stays 60 s), 2 kill rounds
  --scale X           multiply outages and gaps (default 1; the broker outage never below 60 s)
  --rate R            captures per second (default: spread over the fault schedule)
  --seed N            plan, scene and schedule seed (default 7)
  --port-offset N     added to the stack's default ports and to 15432 (default 500; 0 is refused)
  --stuck-window S    lags must be 0 within S seconds of the last fault (default 120)
  --drain-timeout S   then the longest wait for every capture to be terminal, seconds (default 300)
  --timeout S         watchdog for the whole run, seconds, plus however late the faults run
                      (default: schedule + 1500)
  --blob s3|file      the mesh's blob store (default s3: S3Proxy, whose outage is one of the faults)
  --no-supervise      do not restart services that exit on their own
  --pg-bin DIR        PostgreSQL binaries (default /usr/lib/postgresql/15/bin)
  --brokers 1|3       Kafka nodes (default 1). With 3 (replication 3, min.insync.replicas 2) the broker fault
                      SIGKILLs the node leading the most capture-path partitions while the other two serve;
                      the table's 'longest pause' column shows how long the mesh stood still
  -h, --help
The last line is always 'lost N, doubled N, stuck N'.`;

const { values } = parseArgs({
  options: {
    captures: { type: 'string' },
    short: { type: 'boolean', default: false },
    scale: { type: 'string', default: '1' },
    rate: { type: 'string' },
    seed: { type: 'string', default: '7' },
    'port-offset': { type: 'string', default: process.env['CHAOS_PORT_OFFSET'] ?? '500' },
    'stuck-window': { type: 'string', default: '120' },
    'drain-timeout': { type: 'string', default: '300' },
    timeout: { type: 'string' },
    blob: { type: 'string', default: 's3' },
    'no-supervise': { type: 'boolean', default: false },
    'pg-bin': { type: 'string', default: '/usr/lib/postgresql/15/bin' },
    brokers: { type: 'string', default: '1' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
const say = (line: string) => process.stdout.write(`${line}\n`);
const num = (name: string, raw: string | undefined, min = 0): number => {
  const n = Number(raw);
  if (raw === undefined || !Number.isFinite(n) || n < min) {
    process.stderr.write(`chaos: --${name} must be a number >= ${min}\n${USAGE}\n`);
    process.exit(2);
  }
  return n;
};
if (values.brokers !== '1' && values.brokers !== '3') {
  process.stderr.write(`chaos: --brokers must be 1 or 3\n${USAGE}\n`);
  process.exit(2);
}
if (values.blob !== 's3' && values.blob !== 'file') {
  process.stderr.write(`chaos: --blob must be s3 or file\n${USAGE}\n`);
  process.exit(2);
}

const run = new ChaosRun(
  {
    captures: num('captures', values.captures ?? (values.short ? '300' : '2000'), 1),
    short: values.short,
    scale: num('scale', values.scale),
    rate: values.rate === undefined ? undefined : num('rate', values.rate),
    seed: num('seed', values.seed),
    portOffset: num('port-offset', values['port-offset'], 1),
    stuckWindowMs: num('stuck-window', values['stuck-window']) * 1000,
    drainTimeoutMs: num('drain-timeout', values['drain-timeout']) * 1000,
    blob: values.blob,
    supervise: !values['no-supervise'],
    pgBinDir: values['pg-bin'],
    brokers: values.brokers === '3' ? 3 : 1,
  },
  say,
);
const watchdogS = values.timeout
  ? num('timeout', values.timeout, 1)
  : Math.round(run.schedule().sendWindowMs / 1000) + 1500;

let finishing = false;
/** No verdict: a line a script does not mistake for one. */
const NO_VERDICT = 'chaos: no verdict';
/**
 * Ends the run: clean up once, print the last line (after the clean-up's output, so that it stays last), exit. A
 * second Ctrl-C kills everything at once.
 */
const finish = (code: number, lastLine: string, why?: string, fromSignal = false) => {
  if (finishing) {
    // Only a second signal kills at once; the run's own rejection after abort() must not cut the clean-up short.
    if (!fromSignal) return;
    run.cleanupSync();
    say(NO_VERDICT);
    process.exit(code);
  }
  finishing = true;
  if (why) say(why);
  run.abort();
  void run.cleanup().finally(() => {
    say(lastLine);
    process.exit(code);
  });
};
process.on('SIGINT', () =>
  finish(130, NO_VERDICT, '\ninterrupted: cleaning up (Ctrl-C again to kill everything now)...', true),
);
process.on('SIGTERM', () => finish(143, NO_VERDICT, 'terminated: cleaning up...', true));
process.on('exit', () => run.cleanupSync());
// The harness must outlive the faults it injects: a client error it did not expect is logged, not fatal.
process.on('unhandledRejection', (err) =>
  say(`  (harness: unhandled rejection: ${err instanceof Error ? err.message : String(err)})`),
);
process.on('uncaughtException', (err) => say(`  (harness: uncaught exception: ${err.message})`));
/**
 * The watchdog. Captures are paced on the fault plan shifted by how late the faults run (slow restarts on a loaded
 * machine), so the deadline moves with that delay; only a run later than that by the margin is stopped (a 3-broker
 * 2,000-capture run at load average 25 was stopped mid-send at a fixed deadline).
 */
const watchdogStart = Date.now();
const watchdogDeadline = () => watchdogStart + watchdogS * 1000 + run.delayMs;
const armWatchdog = (): void => {
  setTimeout(
    () => {
      if (Date.now() < watchdogDeadline()) armWatchdog();
      else
        finish(
          3,
          NO_VERDICT,
          `watchdog: the run passed ${watchdogS} s + ${Math.round(run.delayMs / 1000)} s of fault delay; stopping`,
        );
    },
    Math.max(1000, watchdogDeadline() - Date.now()),
  ).unref();
};
armWatchdog();

run.run().then(
  (r) => finish(r.verdict.ok && r.scoresOk && r.faultsOk ? 0 : 1, formatLastLine(r.verdict)),
  (err: unknown) =>
    finish(1, NO_VERDICT, `chaos failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
);
