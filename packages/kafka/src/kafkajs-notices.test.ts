import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDeliberateNotice } from './kafkajs-notices.js';

test("KafkaJS's notices about deliberate settings are recognised, other warnings are not", () => {
  assert.ok(isDeliberateNotice('Limiting retries for the idempotent producer may invalidate EoS guarantees'));
  assert.ok(
    isDeliberateNotice(
      'KafkaJS v2.0.0 switched default partitioner. To retain the same partitioning behavior as in previous versions, ...',
    ),
  );
  assert.equal(isDeliberateNotice('Connection error: connect ECONNREFUSED 127.0.0.1:19092'), false);
  assert.equal(isDeliberateNotice('The group is rebalancing, re-joining'), false);
});
