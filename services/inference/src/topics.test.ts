import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tierTopics } from './topics.js';

test('tier 1 names its re-score topic under the namespace', () => {
  const topics = tierTopics('remote', 'ns');
  assert.equal(topics.rescore, 'ns.shelf.inference.rescore.v1');
  assert.deepEqual(topics.inputs, ['ns.shelf.images.ready.v1', 'ns.shelf.images.degraded.v1']);
  assert.equal(topics.detections, 'ns.shelf.detections.v1');
});

test('the empty namespace gives the plain re-score topic', () => {
  assert.equal(tierTopics('remote', '').rescore, 'shelf.inference.rescore.v1');
});

test('the fallback tiers have no re-score topic', () => {
  assert.equal(tierTopics('edge', 'ns').rescore, null);
  assert.equal(tierTopics('heuristic', 'ns').rescore, null);
});
