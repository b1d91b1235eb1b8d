import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

/** One Kubernetes object read from a rendered multi-document YAML file. */
export interface Manifest {
  /** File it came from. */
  file: string;
  /** Position among the file's non-empty documents, from 0. */
  index: number;
  apiVersion: string;
  kind: string;
  /** metadata.name, or "?" when missing. */
  name: string;
  /** The parsed object. */
  body: Record<string, unknown>;
}

/** Short "Kind/name (file#index)" label used in every report line. */
export function describeManifest(m: Manifest): string {
  return `${m.kind}/${m.name} (${m.file}#${m.index})`;
}

/**
 * Parses a multi-document YAML text into manifests; empty documents (comments only) are skipped.
 *
 * Throws when a document is not valid YAML or not a mapping with apiVersion and kind.
 */
export function parseManifests(text: string, file: string): Manifest[] {
  const out: Manifest[] = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]?.message}`);
    const body: unknown = doc.toJS();
    if (body === null || body === undefined) continue;
    if (typeof body !== 'object' || Array.isArray(body))
      throw new Error(`${file}: document is not a mapping`);
    const obj = body as Record<string, unknown>;
    const { apiVersion, kind } = obj;
    if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
      throw new Error(`${file}#${out.length}: apiVersion and kind are required`);
    }
    const meta = obj['metadata'] as { name?: unknown } | undefined;
    const name = typeof meta?.name === 'string' ? meta.name : '?';
    out.push({ file, index: out.length, apiVersion, kind, name, body: obj });
  }
  return out;
}

/** Reads and parses one rendered manifest file. */
export function loadManifests(file: string): Manifest[] {
  return parseManifests(readFileSync(file, 'utf8'), file);
}
