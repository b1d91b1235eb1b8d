import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from '@shelfstream/config';
import { stageInput as preprocessingInput } from '@shelfstream/preprocessing';
import { ingestionConfig } from './config.js';
import { breakerLagGroupIds } from './lag-groups.js';

// Regression: the default was `preprocessing`, a group nobody joins: with no commits its lag is the whole topic, so
// the breaker opened for good once the validated topic held INGEST_BREAKER_MAX_LAG_RECORDS records.
test("the SLA breaker watches preprocessing's real consumer group by default, with or without a namespace", () => {
  // The one required variable (issue 12); everything else at its default.
  const { breakerLagGroups } = loadConfig(ingestionConfig, { INGEST_DEVICE_SECRET_KEY: 'ab'.repeat(32) });
  for (const namespace of ['', 'ci-7f3a']) {
    assert.deepEqual(breakerLagGroupIds({ breakerLagGroups, kafkaTopicNamespace: namespace }), [
      preprocessingInput({ kafkaTopicNamespace: namespace }).groupId,
    ]);
  }
});
