import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const README = new URL('../../../README.md', import.meta.url);

/** The README's reason-code table rows: code -> retriable ("yes"/"no"), whatever the column padding. */
export function readmeReasonRows(readme: string = readFileSync(README, 'utf8')): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readme.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const code = /^`([A-Z][A-Z0-9_]*)`$/.exec(cells[1] ?? '')?.[1];
    if (code && (cells[2] === 'yes' || cells[2] === 'no')) rows.set(code, cells[2]);
  }
  return rows;
}

/** Asserts that every code of a reason registry is in the README's table with the right retriable flag. */
export function assertReasonsDocumented(registry: Readonly<Record<string, { retriable: boolean }>>): void {
  const rows = readmeReasonRows();
  for (const [code, entry] of Object.entries(registry)) {
    assert.ok(rows.has(code), `${code} is missing from the README's reason-code table`);
    assert.equal(rows.get(code), entry.retriable ? 'yes' : 'no', `${code}: retriable flag in the README`);
  }
}
