/**
 * The result of processing one record. Expected per-record failures are values, not exceptions.
 * - `ok`: processed; the stage's outputs are produced in the same transaction as the input offset.
 * - `retry`: a transient failure; the record goes to the stage's retry topic (or the DLQ past the limit).
 * - `dead-letter`: a permanent failure; the record goes straight to the DLQ with `code`.
 * - `skip`: nothing to produce (e.g. a dropped duplicate); the offset is still committed.
 *
 * `Code` is the reason codes the outcome may carry: a stage types its outcomes with its own union (`IngestionReason`,
 * ...), so a code outside it fails the typecheck; the runner takes any `Outcome<Out>` (codes as `string`).
 */
export type Outcome<Out, Code extends string = string> =
  | { readonly kind: 'ok'; readonly outputs: readonly Out[] }
  | { readonly kind: 'retry'; readonly code: Code; readonly error: Error }
  | { readonly kind: 'dead-letter'; readonly code: Code; readonly error: Error }
  | { readonly kind: 'skip'; readonly code: string };

/** Builds an `ok` outcome. */
export function ok<Out>(...outputs: Out[]): Outcome<Out, never> {
  return { kind: 'ok', outputs };
}

/** Builds a `retry` outcome for a transient failure. */
export function retry<Out = never, Code extends string = string>(
  code: Code,
  error: Error,
): Outcome<Out, Code> {
  return { kind: 'retry', code, error };
}

/** Builds a `dead-letter` outcome for a permanent failure. */
export function deadLetter<Out = never, Code extends string = string>(
  code: Code,
  error: Error,
): Outcome<Out, Code> {
  return { kind: 'dead-letter', code, error };
}

/** Builds a `skip` outcome: the record is consumed and produces nothing. */
export function skip<Out = never>(code: string): Outcome<Out, never> {
  return { kind: 'skip', code };
}
