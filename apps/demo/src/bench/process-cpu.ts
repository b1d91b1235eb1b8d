import { readdirSync, readFileSync } from 'node:fs';

/** What a service's own /metrics says about its process. */
export interface ProcessFigures {
  readonly cpuSeconds: number;
  readonly rssBytes: number;
}

/**
 * CPU seconds used so far and resident memory of a service, from prom-client's default `process_cpu_seconds_total`
 * and `process_resident_memory_bytes` on its /metrics: the figures a Prometheus scrape would give in a cluster, so the
 * benchmark measures what operators see.
 */
export async function scrapeProcessFigures(metricsUrl: string): Promise<ProcessFigures> {
  const res = await fetch(metricsUrl, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`${metricsUrl}: HTTP ${res.status}`);
  const page = await res.text();
  const cpuSeconds = metricValue(page, 'process_cpu_seconds_total');
  if (cpuSeconds === undefined) throw new Error(`${metricsUrl}: no process_cpu_seconds_total`);
  return { cpuSeconds, rssBytes: metricValue(page, 'process_resident_memory_bytes') ?? 0 };
}

/** Busy CPU seconds of the whole machine (every process, Kafka and PostgreSQL included) from /proc/stat. */
export function machineBusySeconds(procStat = readFileSync('/proc/stat', 'utf8')): number {
  const line = procStat.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('/proc/stat: no aggregate cpu line');
  // user nice system idle iowait irq softirq steal ...: everything but idle and iowait is busy. USER_HZ is 100 on
  // every Linux this runs on (sysconf(_SC_CLK_TCK); not readable from Node without a native call).
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const busy = fields.reduce((s, v, i) => (i === 3 || i === 4 ? s : s + (v ?? 0)), 0);
  return busy / 100;
}

/**
 * CPU seconds (user + system, every thread) a process has used, from the text of its /proc/<pid>/stat. The command
 * name sits in parentheses and may hold spaces, so the fields are counted from the last ')'.
 */
export function procStatCpuSeconds(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state(3) ppid(4) ... utime(14) stime(15); index 0 here is field 3.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('malformed /proc/<pid>/stat');
  return (utime + stime) / 100;
}

/** The command name of a /proc/<pid>/stat line (`postgres`, `java`, ...). */
export function procStatName(stat: string): string {
  return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
}

function readStat(pid: number | string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // exited meanwhile
  }
}

/** CPU seconds of the process whose pid is in `pidFile`; 0 when the file or the process is gone. */
export function pidFileCpuSeconds(pidFile: string): number {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  } catch {
    return 0;
  }
  const stat = Number.isInteger(pid) ? readStat(pid) : undefined;
  return stat === undefined ? 0 : procStatCpuSeconds(stat);
}

/**
 * CPU seconds of every live process named `name` (PostgreSQL runs a process per connection, all named `postgres`).
 * A backend that exits between two readings takes its seconds with it: the figure is a floor.
 */
export function namedProcessesCpuSeconds(name: string): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(entry);
    if (stat !== undefined && procStatName(stat) === name) total += procStatCpuSeconds(stat);
  }
  return total;
}

/** A gauge's value from a Prometheus text page (the first sample of `metric`), or undefined when absent. */
export function metricValue(page: string, metric: string): number | undefined {
  const match = new RegExp(`^${metric}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'm').exec(page);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
