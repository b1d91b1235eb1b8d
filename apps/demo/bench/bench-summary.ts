import type { LatencySummary } from '../src/bench/load-analysis.js';

/** The figures of a run the README's table shows (a part of what the JSON file holds). */
export interface SummaryFigures {
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
}

/** The README's table of one run. */
export function formatSummary(r: SummaryFigures): string {
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
