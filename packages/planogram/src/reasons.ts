/**
 * Reason codes of this package. The key equals the code; codes are never renamed or reused.
 * Kept as a plain frozen table because this package imports no other @shelfstream package;
 * the scoring service copies an entry into its own registry when it dead-letters a record.
 */
export const PlanogramReasons = Object.freeze({
  PLANOGRAM_JSON_MALFORMED: {
    retriable: false,
    description: 'The planogram text is not parseable JSON.',
  },
  PLANOGRAM_SCHEMA_VIOLATION: {
    retriable: false,
    description: 'The planogram JSON does not satisfy planogram.schema.json.',
  },
} as const);

/** A reason code of this package. */
export type PlanogramReasonCode = keyof typeof PlanogramReasons;
