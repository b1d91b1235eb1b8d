import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type CpuProfile, topFrames } from '../src/bench/profile-top-frames.js';
import type { MeshServiceName } from '../src/index.js';

/**
 * Each service's hottest functions, from the profiles its process wrote at exit into `dir` (`--cpu-prof`, named by
 * pid, hence `pids`).
 */
export function printTopFrames(
  dir: string,
  pids: Partial<Record<MeshServiceName, number>>,
  say: (line: string) => void,
): void {
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
