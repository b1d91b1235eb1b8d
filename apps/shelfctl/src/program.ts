import { Command } from 'commander';
import { registerCaptureCommands } from './commands/capture.js';
import { registerDevicesCommands } from './commands/devices.js';
import { registerDlqCommands } from './commands/dlq.js';
import { registerPlanogramCommands } from './commands/planogram.js';
import { registerReprocessCommands } from './commands/reprocess.js';
import { registerStackCommands } from './commands/stack.js';
import { registerSubmitCommands } from './commands/submit.js';

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
  registerPlanogramCommands(program);
  registerReprocessCommands(program);
  registerCaptureCommands(program);
  registerSubmitCommands(program);
  registerDlqCommands(program);
  registerDevicesCommands(program);
  return program;
}
