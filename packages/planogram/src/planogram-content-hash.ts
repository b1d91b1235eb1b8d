import { createHash } from 'node:crypto';
import { canonicalJson } from './internal/canonical-json.js';
import type { Planogram } from './planogram.js';

/** Prefix hashed before the content, so a future format change cannot collide with this one. */
const DOMAIN = 'shelfstream.planogram.v1\n';

/**
 * Stable SHA-256 (lowercase hex) of a planogram's canonical content: keys sorted, no whitespace.
 * `version` and `$schema` are left out on purpose: the hash answers "is this the same layout?",
 * so publishing identical content again under another version number is detectably a no-op.
 * Order of shelves and of facings matters (it is the layout); order of object keys does not.
 */
export function planogramContentHash(planogram: Planogram): string {
  const { version: _version, $schema: _schema, ...content } = planogram;
  return createHash('sha256')
    .update(DOMAIN + canonicalJson(content))
    .digest('hex');
}
