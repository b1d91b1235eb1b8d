import { readFileSync } from 'node:fs';

/**
 * CPU seconds a service has used so far, from prom-client's default `process_cpu_seconds_total` on its /metrics:
 * the same figure a Prometheus scrape would give in a cluster, so the benchmark measures what operators see.
 */
export async function scrapeCpuSeconds(metricsUrl: string): Promise<number> {
  const res = await fetch(metricsUrl, { signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`${metricsUrl}: HTTP ${res.status}`);
  const match = /^process_cpu_seconds_total(?:\{[^}]*\})? ([0-9.eE+-]+)$/m.exec(await res.text());
  if (!match?.[1]) throw new Error(`${metricsUrl}: no process_cpu_seconds_total`);
  return Number(match[1]);
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
