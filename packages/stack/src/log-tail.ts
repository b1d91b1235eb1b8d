import { open } from 'node:fs/promises';

/**
 * The last `lines` lines of a text file (reads at most the last 64 KiB), or a note when it is missing.
 *
 * Used to put a failing component's own words into the error a developer sees.
 */
export async function tailFile(file: string, lines = 30): Promise<string> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'r');
  } catch {
    return `(no log at ${file})`;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, 64 * 1024);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const all = buffer.toString('utf8').split('\n');
    if (all.at(-1) === '') all.pop();
    return all.slice(-lines).join('\n');
  } finally {
    await handle.close();
  }
}
