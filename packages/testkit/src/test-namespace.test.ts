import assert from 'node:assert/strict';
import { test } from 'node:test';
import { namespaceClients, testNamespace } from './test-namespace.js';

test('testNamespace is a fresh namespace whose topics and connection agree, without touching the stack', () => {
  const a = testNamespace('t-unit');
  const b = testNamespace('t-unit');
  assert.match(a.ns, /^t-unit-[0-9a-f]{8}$/);
  assert.notEqual(a.ns, b.ns);
  assert.equal(a.connection.kafkaTopicNamespace, a.ns);
  assert.ok(a.topics.capturesRaw.startsWith(`${a.ns}.`), a.topics.capturesRaw);
});

test('namespaceClients keeps the namespace of the connection it is given', () => {
  const given = testNamespace('t-unit').connection;
  const clients = namespaceClients({ ...given, kafkaTopicNamespace: 'probe-ns' }, { clientId: 'probe' });
  assert.equal(clients.ns, 'probe-ns');
  assert.ok(clients.topics.detections.startsWith('probe-ns.'), clients.topics.detections);
});
