import type { IngestionReason } from '../reasons.js';

/** The result of a gate check: the checked value, or the reason it was refused. */
export type Verdict<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: IngestionReason; readonly message: string };

/** A passing verdict. */
export function pass<T>(value: T): Verdict<T> {
  return { ok: true, value };
}

/** A failing verdict with its reason code. */
export function refuse<T = never>(code: IngestionReason, message: string): Verdict<T> {
  return { ok: false, code, message };
}
