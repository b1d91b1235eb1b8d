import { test } from 'node:test';
import { assertReasonsDocumented } from '@shelfstream/testkit';
import { BlobReasons } from './reasons.js';

test('every blob-store reason code is in the README table with its retriable flag', () => {
  assertReasonsDocumented(BlobReasons);
});
