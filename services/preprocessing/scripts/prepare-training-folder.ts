#!/usr/bin/env node
/**
 * Runs a synthetic-shelf CLI folder (scenes.jsonl + images/) through the preprocessing service's own
 * `prepareImage` with its default settings, writing a folder of the same layout whose images are what the
 * inference tiers are served (upright, long side bounded, gray-world, CLAHE) and whose boxes are scaled to match.
 * The training recipe (models/train/train.sh) trains on these beside the raw scenes, so the detector learns the
 * images it will see in the mesh rather than only the generator's.
 *
 *   tsx scripts/prepare-training-folder.ts --in DIR --out DIR [--limit N]
 */
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '@shelfstream/config';
import { preprocessingConfig } from '../src/config.js';
import { prepareImage } from '../src/transform/prepare-image.js';

const { values } = parseArgs({
  options: {
    in: { type: 'string' },
    out: { type: 'string' },
    limit: { type: 'string', default: '0' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help || !values.in || !values.out) {
  process.stdout.write('usage: prepare-training-folder --in DIR --out DIR [--limit N]\n');
  process.exit(values.help ? 0 : 2);
}

interface SceneRow {
  file: string;
  width: number;
  height: number;
  boxes: { x1: number; y1: number; x2: number; y2: number; [k: string]: unknown }[];
  [k: string]: unknown;
}

// The service's defaults, read through its own config schema (an empty environment) so the two cannot drift.
const config = loadConfig(preprocessingConfig, {});
const inDir = values.in;
const outDir = values.out;
const rows = (await readFile(join(inDir, 'scenes.jsonl'), 'utf8'))
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as SceneRow);
const limit = Number(values.limit) > 0 ? Number(values.limit) : rows.length;
await mkdir(join(outDir, 'images'), { recursive: true });
await copyFile(join(inDir, 'classes.txt'), join(outDir, 'classes.txt'));
const jsonl = createWriteStream(join(outDir, 'scenes.jsonl'));
const started = Date.now();
for (const [i, row] of rows.slice(0, limit).entries()) {
  const prepared = await prepareImage(await readFile(join(inDir, row.file)), config);
  await writeFile(join(outDir, row.file), prepared.jpeg);
  const sx = prepared.width / row.width;
  const sy = prepared.height / row.height;
  const boxes = row.boxes.map((b) => ({ ...b, x1: b.x1 * sx, y1: b.y1 * sy, x2: b.x2 * sx, y2: b.y2 * sy }));
  jsonl.write(`${JSON.stringify({ ...row, width: prepared.width, height: prepared.height, boxes })}\n`);
  if ((i + 1) % 50 === 0 || i + 1 === limit)
    process.stderr.write(
      `\rprepared ${i + 1}/${limit} (${((i + 1) / ((Date.now() - started) / 1000)).toFixed(1)}/s)`,
    );
}
jsonl.end();
process.stderr.write('\n');
