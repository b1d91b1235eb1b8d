import type { Mesh } from '../mesh.js';
import type { MeshServiceName } from '../service-specs.js';

/** A mesh process that exited on its own (not one of the harness's SIGKILLs). */
export interface UnexpectedExit {
  readonly name: MeshServiceName;
  readonly code: number | null;
  readonly atMs: number;
  readonly logFile: string;
}

/**
 * Watches the mesh for processes that exit on their own and, when `restart` is on, starts them again after a pause
 * (2 s, doubling to 30 s for a process that keeps exiting), as Kubernetes' restartPolicy would. Every such exit is
 * recorded: it is a finding even when the restart hides it.
 */
export function superviseMesh(
  mesh: Mesh,
  options: { restart: boolean; clock: () => number; log: (line: string) => void },
): { readonly exits: readonly UnexpectedExit[]; stop(): void } {
  const exits: UnexpectedExit[] = [];
  const pauseOf = new Map<MeshServiceName, number>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  mesh.onUnexpectedExit = (name, code, logFile) => {
    if (stopped) return;
    exits.push({ name, code, atMs: options.clock(), logFile });
    const pauseMs = Math.min(30_000, pauseOf.get(name) ?? 2000);
    pauseOf.set(name, pauseMs * 2);
    options.log(
      `  !! ${name} exited on its own (code ${code}) at +${(options.clock() / 1000).toFixed(1)}s; see ${logFile}` +
        (options.restart ? `; restarting in ${pauseMs / 1000} s` : ''),
    );
    if (!options.restart) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (stopped || mesh.isRunning(name)) return;
      mesh.restart(name).then(
        () => options.log(`  supervisor: ${name} is back`),
        // An exit during start-up comes back through onUnexpectedExit, which schedules the next try.
        (err: unknown) =>
          options.log(
            `  supervisor: restart of ${name} failed: ${err instanceof Error ? err.message : String(err)}`,
          ),
      );
    }, pauseMs);
    timers.add(timer);
  };
  return {
    exits,
    stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
    },
  };
}
