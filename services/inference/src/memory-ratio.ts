import { readFileSync } from 'node:fs';
import { totalmem } from 'node:os';

/**
 * The memory limit the 85 % rule is measured against: the configured bytes, else the cgroup v2 limit
 * (/sys/fs/cgroup/memory.max), else the machine's RAM.
 */
export function memoryLimitBytes(configured: number): number {
  if (configured > 0) return configured;
  try {
    const text = readFileSync('/sys/fs/cgroup/memory.max', 'utf8').trim();
    if (/^\d+$/.test(text)) return Number(text);
  } catch {
    // No cgroup v2 limit: fall through to the machine's memory.
  }
  return totalmem();
}

/** Resident memory of this process as a fraction of `limit`. */
export function memoryRatio(limit: number): number {
  // rss() alone: memoryUsage() also walks the V8 heap spaces, for nothing here (called once per batch).
  return process.memoryUsage.rss() / limit;
}
