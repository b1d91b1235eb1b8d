import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { InferenceReasons } from './reasons.js';

it('documents every reason code in the README, with its retriable flag', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const [code, entry] of Object.entries(InferenceReasons)) {
    assert.match(readme, new RegExp(`\\| \`${code}\`\\s*\\| ${entry.retriable}\\s*\\|`), code);
  }
});
