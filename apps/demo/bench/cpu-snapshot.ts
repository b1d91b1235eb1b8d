import { pidFilePath, stackPaths } from '@shelfstream/stack';
import {
  machineBusySeconds,
  namedProcessesCpuSeconds,
  pidFileCpuSeconds,
  scrapeProcessFigures,
} from '../src/bench/process-cpu.js';
import type { Mesh } from '../src/index.js';

/** CPU and memory used so far by everything a benchmark run charges; two snapshots give the cost in between. */
export interface CpuSnapshot {
  /** CPU seconds of each mesh process (its own /metrics). */
  readonly processes: Record<string, number>;
  /** Resident memory of each mesh process (bytes). */
  readonly rss: Record<string, number>;
  /** CPU seconds of the stack's processes and of this load driver (/proc). */
  readonly infrastructure: Record<string, number>;
  readonly machine: number;
}

/** Reads a snapshot now: the mesh from its /metrics, the stack's processes from their pid files under `stackDir`. */
export async function cpuSnapshot(mesh: Mesh, stackDir: string): Promise<CpuSnapshot> {
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
