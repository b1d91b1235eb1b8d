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
 * {@link isStageError}. `Code` narrows the codes a stage may raise (its reason union); caught errors are `string`.
 */
export class StageError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly retriable: boolean;
  readonly origin: RecordOrigin | undefined;

  constructor(code: Code, message: string, options: StageErrorOptions) {
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

/**
 * A reason code raised below a stage (a package's StageError: `BLOB_UNAVAILABLE`, ...) that the stage passes on
 * unchanged. Branded so that a stage's outcome type can admit it (`Outcome<Out, IngestionReason | PassedCode>`)
 * while a mistyped literal code still fails the typecheck: a plain string is not a PassedCode.
 */
export type PassedCode = string & { readonly __passedCode: true };

/** The code of a caught {@link StageError}, passed on unchanged as a {@link PassedCode}. */
export function passedCode(err: StageError): PassedCode {
  return err.code as PassedCode;
}
