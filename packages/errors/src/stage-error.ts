/** Where a record came from, for errors raised while processing it. */
export interface RecordOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** Options of {@link StageError}. */
export interface StageErrorOptions {
  readonly retriable: boolean;
  readonly cause?: unknown;
  readonly origin?: RecordOrigin;
}

/**
 * The one base error of shelfstream: a stable reason `code`, whether a retry may help, the cause and the record.
 *
 * Branch on `err.code`, never on `instanceof` (two copies of this package would break it): use
 * {@link isStageError}.
 */
export class StageError extends Error {
  readonly code: string;
  readonly retriable: boolean;
  readonly origin: RecordOrigin | undefined;

  constructor(code: string, message: string, options: StageErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'StageError';
    this.code = code;
    this.retriable = options.retriable;
    this.origin = options.origin;
  }
}

/** Structural check for a {@link StageError}, safe across package copies. */
export function isStageError(err: unknown): err is StageError {
  return (
    typeof err === 'object' &&
    err !== null &&
    typeof (err as { code?: unknown }).code === 'string' &&
    typeof (err as { retriable?: unknown }).retriable === 'boolean'
  );
}
