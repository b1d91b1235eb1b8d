import { parsePlanogramVersion } from './parse-planogram-version.js';

/** What the version gate decided for one capture. */
export type GateDecision =
  | { readonly kind: 'score' }
  | { readonly kind: 'drift'; readonly activeVersion: number | null };

/**
 * The version gate: a capture is scored only against the active planogram version of its store and aisle. A capture
 * taken against another version (or where no version is active yet) is held as version drift, never scored.
 */
export function versionGate(capturedVersion: string, activeVersion: number | null): GateDecision {
  const version = parsePlanogramVersion(capturedVersion);
  if (activeVersion !== null && version === activeVersion) return { kind: 'score' };
  return { kind: 'drift', activeVersion };
}
