/** Variable names whose whole value is a credential: never echoed, only its length. */
const SECRET_NAME = /PASSWORD|SECRET|TOKEN|CREDENTIAL|PRIVATE|(^|_)KEY($|_)/i;

/**
 * A raw environment value as it may appear in an error message: `nothing` when unset, a length only for a
 * variable whose name says it holds a credential (`*_PASSWORD`, `*_SECRET*`, `*_TOKEN`, `*_KEY`), otherwise the value
 * quoted and shortened, with the password of any `scheme://user:password@` part masked. A malformed URL (bad port,
 * say) is not parsable, so the mask is textual: `new URL()` cannot be trusted to find the password (issue 12).
 */
export function redactConfigValue(variable: string, raw: string | undefined): string {
  if (raw === undefined || raw === '') return 'nothing';
  if (SECRET_NAME.test(variable)) return `a value of ${raw.length} characters, not shown`;
  const masked = maskUrlPasswords(raw);
  return masked.length > 60 ? `"${masked.slice(0, 57)}..."` : `"${masked}"`;
}

/** Replaces the password of every `//user:password@` in `text` with `***`. */
export function maskUrlPasswords(text: string): string {
  // Greedy to the LAST '@' of the token: a malformed URL may carry a raw '@', '/' or ':' in its password, and masking
  // too much is harmless.
  return text.replace(/(\/\/[^/:@?#\s]*):\S*@/g, '$1:***@');
}
