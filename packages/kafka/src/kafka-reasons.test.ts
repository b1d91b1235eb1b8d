import { test } from 'node:test';
import { assertReasonsDocumented } from '@shelfstream/testkit';
import { KafkaReasons } from './kafka-reasons.js';

test('every Kafka plumbing reason code is in the README table with its retriable flag', () => {
  assertReasonsDocumented(KafkaReasons);
});
