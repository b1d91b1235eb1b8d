#!/usr/bin/env node
import { CommanderError } from 'commander';
import { CommandError, ExitCodes } from './exit-codes.js';
import { buildProgram } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
  process.exitCode = ExitCodes.ok;
} catch (err) {
  if (err instanceof CommanderError) {
    // --help and --version exit 0; usage errors exit 2.
    process.exitCode = err.exitCode === 0 ? ExitCodes.ok : ExitCodes.usage;
  } else if (err instanceof CommandError) {
    process.stderr.write(`shelfctl: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    process.stderr.write(`shelfctl: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = ExitCodes.failed;
  }
}
