import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RescoreRequested } from '@shelfstream/contracts';
import { degradedLaneInput, rescoreLaneInput, stageInput } from './input.js';

test("tier 1's re-score lane reads the namespaced rescore topic in a group of its own, with no retry topic", () => {
  const input = rescoreLaneInput('remote', { kafkaTopicNamespace: 'ns' });
  assert.ok(input);
  assert.equal(input.name, 'inference-remote-rescore');
  assert.equal(input.deadLetterStage, 'INFERENCE');
  assert.equal(input.groupId, 'ns.inference-remote-rescore');
  assert.deepEqual(input.inputTopics, ['ns.shelf.inference.rescore.v1']);
  assert.equal(input.retryTopic, null);
  assert.equal(input.deadLetterTopic, 'ns.shelf.dlq.v1');
  assert.equal(input.captureIdOf?.({ capture_id: 'abc' } as RescoreRequested), 'abc');
});

test("the re-score lane's group differs from the other lanes' groups", () => {
  const config = { kafkaTopicNamespace: '' };
  const groups = [
    stageInput('remote', config).groupId,
    degradedLaneInput('remote', config)?.groupId,
    rescoreLaneInput('remote', config)?.groupId,
  ];
  assert.deepEqual(groups, ['inference-remote', 'inference-remote-degraded', 'inference-remote-rescore']);
});

test('the fallback tiers have no re-score lane', () => {
  assert.equal(rescoreLaneInput('edge', { kafkaTopicNamespace: 'ns' }), undefined);
  assert.equal(rescoreLaneInput('heuristic', { kafkaTopicNamespace: 'ns' }), undefined);
});
