#!/usr/bin/env node
/**
 * Synthetic shelf-scene generator CLI: `tsx src/cli.ts --out <dir> --count N --seed S --size WxH [--empty]`.
 * See {@link USAGE} for the output layout.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SKU_CATALOG } from './catalog.js';
import { parseCliArgs, USAGE } from './cli-args.js';
import { generateScene } from './generate-scene.js';
import { toYoloLabels } from './yolo-labels.js';

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  await mkdir(join(args.out, 'images'), { recursive: true });
  await mkdir(join(args.out, 'labels'), { recursive: true });
  await writeFile(join(args.out, 'classes.txt'), `${SKU_CATALOG.map((s) => s.id).join('\n')}\n`);
  const jsonl = createWriteStream(join(args.out, 'scenes.jsonl'));
  const started = Date.now();
  for (let i = 0; i < args.count; i++) {
    const seed = args.seed + i;
    const name = `scene-${String(seed).padStart(7, '0')}`;
    const scene = await generateScene(seed, { width: args.width, height: args.height, empty: args.empty });
    await writeFile(join(args.out, 'images', `${name}.jpg`), scene.image);
    await writeFile(
      join(args.out, 'labels', `${name}.txt`),
      `${toYoloLabels(scene.boxes, scene.width, scene.height)}\n`,
    );
    const { image: _image, ...truth } = scene;
    jsonl.write(`${JSON.stringify({ file: `images/${name}.jpg`, ...truth })}\n`);
    if ((i + 1) % 25 === 0 || i + 1 === args.count) {
      const rate = (i + 1) / ((Date.now() - started) / 1000);
      process.stderr.write(`\rgenerated ${i + 1}/${args.count} scenes (${rate.toFixed(1)}/s)`);
    }
  }
  process.stderr.write('\n');
  await new Promise<void>((resolve, reject) =>
    jsonl.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
}

main().catch((err: unknown) => {
  const e = err as { code?: string; message?: string };
  process.stderr.write(`${e.message ?? String(err)}\n`);
  process.exitCode = e.code === 'CLI_BAD_ARGUMENT' ? 2 : 1;
});
