import { readFile } from 'node:fs/promises';
import { loadConfig } from '@shelfstream/config';
import { createPool, databaseConfig, publishPlanogram } from '@shelfstream/db';
import { parsePlanogram } from '@shelfstream/planogram';
import type { Command } from 'commander';
import { CommandError, ExitCodes } from '../exit-codes.js';

/**
 * `shelfctl planogram publish <file>`: validates a planogram JSON file (packages/planogram's JSON Schema) and stores
 * it as the active version of its store and aisle. Publishing content identical to the active version changes
 * nothing (exit 0). Environment: DATABASE_URL.
 */
export function registerPlanogramCommands(program: Command): void {
  const planogram = program
    .command('planogram')
    .description('manage planograms (versioned per store and aisle)');
  planogram
    .command('publish <file>')
    .description(
      'validate a planogram file and make it the active version of its store and aisle (idempotent)',
    )
    .option('--json', 'print the outcome as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const text = await readFile(file, 'utf8').catch((err: Error) => {
        throw new CommandError(`cannot read ${file}: ${err.message}`, ExitCodes.notFound);
      });
      const parsed = parsePlanogram(text);
      if (!parsed.ok) {
        throw new CommandError(
          `${file} is not a valid planogram (${parsed.code}):\n  ${parsed.errors.join('\n  ')}`,
        );
      }
      const { databaseUrl } = loadConfig(databaseConfig);
      const pool = createPool(databaseUrl, { max: 1, applicationName: 'shelfctl' });
      try {
        const outcome = await publishPlanogram(pool, parsed.planogram);
        const where = `${parsed.planogram.store_id} / ${parsed.planogram.aisle}`;
        if (options.json) process.stdout.write(`${JSON.stringify({ file, ...outcome })}\n`);
        if (outcome.kind === 'conflict') {
          throw new CommandError(
            `${where}: version ${outcome.version} is not above the latest version ${outcome.latestVersion} and has other content; publish it with version ${outcome.latestVersion + 1}`,
          );
        }
        if (!options.json) {
          const verb = {
            published: 'published',
            unchanged: 'unchanged, already active:',
            reactivated: 'reactivated',
          }[outcome.kind];
          process.stdout.write(
            `${where}: ${verb} version ${outcome.version} (${outcome.contentHash.slice(0, 12)})\n`,
          );
        }
      } finally {
        await pool.end();
      }
    });
}
