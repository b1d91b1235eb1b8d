import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ConsumerGroups,
  type ConsumerProcess,
  consumerGroupIn,
  consumerGroupsOf,
} from './consumer-groups.js';

test('no two processes share a consumer group', () => {
  const all = Object.keys(ConsumerGroups).flatMap((p) => consumerGroupsOf(p as ConsumerProcess));
  assert.equal(new Set(all).size, all.length);
});

test('tier 1 joins its ready-lane, degraded-lane and rescore-lane groups, main first', () => {
  assert.deepEqual(consumerGroupsOf('inference-remote'), [
    'inference-remote',
    'inference-remote-degraded',
    'inference-remote-rescore',
  ]);
});

test('a group id within a namespace is <namespace>.<group>, the plain id without one', () => {
  assert.equal(consumerGroupIn('', 'shelfstream.preprocessing'), 'shelfstream.preprocessing');
  assert.equal(consumerGroupIn('ci-1', 'shelfstream.preprocessing'), 'ci-1.shelfstream.preprocessing');
});
