#!/usr/bin/env node
// Runs node's built-in test runner over test files found by directory walk. Node 20's `--test` does not expand
// glob patterns (that arrived in Node 21), so the file list is built here.
// Usage: node scripts/run-tests.mjs unit|integration [--concurrency N] [extra node --test args]
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const suite = process.argv[2];
const rest = process.argv.slice(3);

/** Which folders each suite walks, and which files it takes there. */
const suites = {
  unit: {
    roots: ['packages', 'services', 'apps'],
    take: (p) => p.includes('/src/') && p.endsWith('.test.ts'),
  },
  integration: {
    roots: ['packages', 'services', 'apps', 'test'],
    take: (p) => (p.includes('/test/integration/') || p.startsWith('test/')) && p.endsWith('.test.ts'),
  },
};

if (!suites[suite]) {
  process.stderr.write('usage: node scripts/run-tests.mjs unit|integration [node --test options]\n');
  process.exit(2);
}

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(relative(root, path));
  }
  return out;
}

const files = suites[suite].roots
  .flatMap((r) => {
    try {
      return walk(join(root, r), []);
    } catch {
      return [];
    }
  })
  .filter(suites[suite].take)
  .sort();

if (files.length === 0) {
  process.stderr.write(`no ${suite} test files found\n`);
  process.exit(1);
}
process.stdout.write(`${suite}: ${files.length} test files\n`);
const result = spawnSync(
  process.execPath,
  ['--conditions=@shelfstream/source', '--import', 'tsx', '--test', ...rest, ...files],
  { cwd: root, stdio: 'inherit' },
);
process.exit(result.status ?? 1);
