import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ManifestEntry } from '@shelfstream/device-simulator';
import { refusedSoundCaptures, undisturbedStates, unsentCount } from './manifest-outcomes.js';

const entry = (id: string, kind: ManifestEntry['kind'], image: string, duplicateOf: number | null = null) =>
  ({ capture_id: id, kind, image, duplicate_of: duplicateOf }) as ManifestEntry;

const entries = [
  entry('a', 'ok', 'http'),
  entry('b', 'corrupt', 'inline'),
  entry('b', 'duplicate', 'http-rejected:400: INGEST_IMAGE_TRUNCATED', 1),
  entry('c', 'ok', 'http-rejected:401: unknown device'),
  entry('d', 'drift', 'send-failed: broker down'),
];

test('counts a 4xx refusal of a sound capture, not that of a corrupt capture’s copy', () => {
  assert.deepEqual(refusedSoundCaptures(entries, new Set(['a', 'b'])), ['c']);
});

test('counts the sends the harness gave up on', () => {
  assert.equal(unsentCount(entries), 1);
});

test('expects originals to end as in an undisturbed run and ignores duplicates', () => {
  assert.deepEqual(
    undisturbedStates(entries),
    new Map([
      ['a', 'SCORED'],
      ['b', 'DEAD_LETTERED'],
      ['c', 'SCORED'],
      ['d', 'VERSION_DRIFT'],
    ]),
  );
});
