import { Command } from 'commander';
import { registerStackCommands } from './commands/stack.js';

/**
 * Builds the shelfctl program. Each command group lives in `commands/<group>.ts` and registers itself here.
 */
export function buildProgram(): Command {
  const program = new Command('shelfctl')
    .description(
      'operate shelfstream: submit photos, inspect and replay the DLQ, reprocess drift, publish planograms',
    )
    .showHelpAfterError()
    .exitOverride();
  registerStackCommands(program);
  return program;
}
