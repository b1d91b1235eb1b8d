/**
 * Writes packages/planogram/planogram.schema.json from src/planogram-schema.ts.
 * Run from the repository root: `pnpm exec tsx packages/planogram/scripts/write-schema.ts`.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { planogramSchema } from '../src/planogram-schema.js';

const target = fileURLToPath(new URL('../planogram.schema.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(planogramSchema, null, 2)}\n`);
process.stdout.write(`wrote ${target}\n`);
