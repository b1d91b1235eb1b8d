import { loadStackConfig, stackStatus, startStack, stopStack } from '@shelfstream/stack';
import type { Command } from 'commander';
import { CommandError, ExitCodes } from '../exit-codes.js';

/** `shelfctl stack up|down|status`: the local development stack (Kafka, Apicurio, S3Proxy; PostgreSQL checked). */
export function registerStackCommands(program: Command): void {
  const stack = program
    .command('stack')
    .description('run the local stack: Kafka (KRaft), Apicurio Registry, S3Proxy');
  stack
    .command('up')
    .description('start the stack (idempotent: reuses what already runs) and print the endpoints')
    .action(async () => {
      await startStack(loadStackConfig(), { log: (line: string) => process.stdout.write(`${line}\n`) });
    });
  stack
    .command('down')
    .description('stop the stack cleanly')
    .option('--purge', 'also delete the state folder (topics, blobs, logs)')
    .action(async (options: { purge?: boolean }) => {
      await stopStack(loadStackConfig(), { purge: options.purge === true });
    });
  stack
    .command('status')
    .description('print each component; exit 1 unless all are up')
    .action(async () => {
      const statuses = await stackStatus(loadStackConfig());
      for (const s of statuses) {
        process.stdout.write(`${s.name.padEnd(9)} ${s.state.padEnd(5)} ${s.endpoint}  (${s.detail})\n`);
      }
      if (!statuses.every((s) => s.state === 'up'))
        throw new CommandError('some components are down', ExitCodes.failed);
    });
}
