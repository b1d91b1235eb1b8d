import { cpuPerCapture } from '../src/bench/load-analysis.js';
import { drain } from '../src/bench/paced-window.js';
import type { Mesh, MeshServiceName } from '../src/index.js';
import type { BenchDriver } from './bench-driver.js';
import { cpuSnapshot } from './cpu-snapshot.js';

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

/** What the saturation probe measured. */
export interface ProbeFigures {
  /** Captures per second finished once the pipeline was full. */
  readonly saturated: number;
  /** Probe captures that finished. */
  readonly finished: number;
  /** CPU seconds per finished capture, by stage. */
  readonly cpu: Record<string, number>;
  /** The sum of `cpu`. */
  readonly serviceCpu: number;
  /** CPU seconds per finished capture of the stack's processes and the load driver. */
  readonly infrastructureCpu: Record<string, number>;
  /** Busy CPU seconds of the whole machine per finished capture. */
  readonly machineCpu: number;
  /** Each mesh process's resident memory at the end of the probe (MiB). */
  readonly rssMiB: Record<string, number>;
}

/**
 * A burst of `count` captures queued at once: the completion rate once the pipeline is full is the ceiling the rate
 * search starts from, and the CPU the burst cost is the cost per capture.
 */
export async function runSaturationProbe(
  driver: BenchDriver,
  options: { count: number; mesh: Mesh; stackDir: string; log: (line: string) => void },
): Promise<ProbeFigures> {
  const { count, mesh, stackDir, log } = options;
  log(`saturation probe: ${count} captures at once`);
  const cpuBefore = await cpuSnapshot(mesh, stackDir);
  const probeIds: string[] = [];
  const probeStart = Date.now();
  for (let i = 0; i < count; i++) probeIds.push(await driver.sendOne());
  const probeLeft = await drain(() => driver.unfinished(probeIds), Math.max(120_000, count * 10_000));
  const cpuAfter = await cpuSnapshot(mesh, stackDir);
  const probeDone = probeIds
    .map((id) => driver.watcher.finishedAt(id))
    .filter((t): t is number => t !== undefined)
    .sort((a, b) => a - b);
  // The first fifth of the completions is the pipeline filling up, not its rate.
  const fromIndex = Math.floor(probeDone.length * 0.2);
  const saturated =
    probeDone.length > fromIndex + 1
      ? (probeDone.length - 1 - fromIndex) /
        (((probeDone.at(-1) ?? 0) - (probeDone[fromIndex] ?? 0)) / 1000 || Number.POSITIVE_INFINITY)
      : 0;
  const finished = probeDone.length;
  const cpu = cpuPerCapture(
    cpuBefore.processes,
    cpuAfter.processes,
    (p) => STAGE_OF[p as MeshServiceName],
    finished,
  );
  const serviceCpu = Object.values(cpu).reduce((a, b) => a + b, 0);
  const infrastructureCpu = cpuPerCapture(
    cpuBefore.infrastructure,
    cpuAfter.infrastructure,
    (p) => p,
    finished,
  );
  const machineCpu = (cpuAfter.machine - cpuBefore.machine) / Math.max(1, finished);
  log(
    `probe: ${finished}/${count} finished in ${((Date.now() - probeStart) / 1000).toFixed(1)} s, ` +
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
  return { saturated, finished, cpu, serviceCpu, infrastructureCpu, machineCpu, rssMiB };
}
