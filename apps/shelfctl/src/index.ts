/**
 * shelfctl, the operator CLI. `pnpm shelfctl --help` lists the commands.
 *
 * @example
 * pnpm shelfctl stack up
 */
export { CommandError, ExitCodes } from './exit-codes.js';
export { buildProgram } from './program.js';
