import assert from 'node:assert/strict';
import { it } from 'node:test';
import { toPropertiesFile } from './properties-file.js';

it('escapes backslashes, newlines and leading blanks in values', () => {
  const text = toPropertiesFile('head', [
    ['a', 'C:\\data'],
    ['b', 'x\ny'],
    ['c', ' lead'],
    ['d', 3],
  ]);
  assert.equal(text, '# head\na=C:\\\\data\nb=x\\ny\nc=\\ lead\nd=3\n');
});
