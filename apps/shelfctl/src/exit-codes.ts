/**
 * shelfctl's exit codes, stable for scripts: 0 success, 1 the operation failed, 2 bad usage or configuration,
 * 3 not found, 4 partly done (e.g. some items of a batch failed; re-run to resume).
 */
export const ExitCodes = { ok: 0, failed: 1, usage: 2, notFound: 3, partial: 4 } as const;

/** Thrown by a command to exit with a specific code and message. */
export class CommandError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = ExitCodes.failed) {
    super(message);
    this.name = 'CommandError';
    this.exitCode = exitCode;
  }
}
