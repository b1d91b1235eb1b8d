import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  namespacedCatalogue,
  RETRY_STAGES,
  retryTopic,
  TOPIC_CATALOGUE,
  Topics,
  topicNames,
  topicSpec,
  valueSubject,
} from './topics.js';

test('every named topic is in the catalogue exactly once', () => {
  const names = TOPIC_CATALOGUE.map((t) => t.name);
  assert.equal(new Set(names).size, names.length);
  for (const name of Object.values(Topics)) assert.ok(names.includes(name), name);
  for (const stage of RETRY_STAGES) assert.equal(topicSpec(retryTopic(stage)).valueRecord, null);
});

test('the rollups topic is compacted and keeps records forever', () => {
  const rollups = topicSpec(Topics.complianceRollups);
  assert.equal(rollups.cleanupPolicy, 'compact');
  assert.equal(rollups.retentionMs, -1);
});

test('topic names follow shelf.<domain>.<name>.v<N> and subjects use TopicNameStrategy', () => {
  for (const t of TOPIC_CATALOGUE) assert.match(t.name, /^shelf\.[a-z.-]+\.v\d+$/);
  assert.equal(valueSubject(Topics.detections), 'shelf.detections.v1-value');
});

test('a namespace prefixes every topic name and the empty namespace keeps them', () => {
  assert.equal(topicNames('t1').detections, 't1.shelf.detections.v1');
  assert.equal(topicNames('t1').retry('scoring'), 't1.shelf.retry.scoring.v1');
  assert.equal(topicNames().detections, Topics.detections);
  assert.ok(namespacedCatalogue('t1').every((t) => t.name.startsWith('t1.shelf.')));
  assert.equal(namespacedCatalogue('t1').length, TOPIC_CATALOGUE.length);
});
