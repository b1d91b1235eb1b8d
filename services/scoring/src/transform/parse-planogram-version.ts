/**
 * Reads the planogram version a device reports (`"3"`, `"v3"`, `"V3"`) as the integer version of the planogram
 * file format; `null` when it is not one (such a capture can never match an active version and drifts).
 */
export function parsePlanogramVersion(text: string): number | null {
  const match = /^\s*[vV]?(\d{1,9})\s*$/.exec(text);
  if (!match) return null;
  const version = Number(match[1]);
  return version >= 1 ? version : null;
}
