/** One entry of a stage's reason-code registry. */
export interface ReasonEntry {
  /** Whether a retry can succeed: transient errors are retried, the rest dead-lettered at once. */
  readonly retriable: boolean;
  /** One line for operators: what happened and what to check. */
  readonly description: string;
}

/**
 * A registry of stable reason codes, keyed by the code itself.
 *
 * Codes are never renamed or reused: they are the vocabulary of the DLQ, the metrics and the README.
 *
 * @example
 * export const IngestionReasons = defineReasons({
 *   INGEST_IMAGE_TOO_LARGE: { retriable: false, description: 'image over the configured byte limit' },
 * });
 */
export type ReasonRegistry<Code extends string> = { readonly [K in Code]: ReasonEntry };

/** Freezes a registry and checks that every code is SCREAMING_SNAKE_CASE (they become Avro-safe labels). */
export function defineReasons<Code extends string>(entries: ReasonRegistry<Code>): ReasonRegistry<Code> {
  for (const code of Object.keys(entries)) {
    if (!/^[A-Z][A-Z0-9_]*$/.test(code)) {
      throw new Error(`reason code "${code}" must be SCREAMING_SNAKE_CASE`);
    }
  }
  return Object.freeze({ ...entries });
}
