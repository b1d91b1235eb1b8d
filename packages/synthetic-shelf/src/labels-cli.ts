#!/usr/bin/env node
/**
 * Writes the detector's labels.json (class index -> { id, name, brand }) from the SKU catalog:
 * `tsx src/labels-cli.ts <out-file>`.
 */
import { writeFile } from 'node:fs/promises';
import { toLabelsJson } from './labels-json.js';

const out = process.argv[2];
if (!out || out === '--help') {
  process.stderr.write('Usage: labels-cli <out-file>\n');
  process.exitCode = out ? 0 : 2;
} else {
  await writeFile(out, `${JSON.stringify(toLabelsJson(), null, 2)}\n`);
}
