import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import kafkajs from 'kafkajs';
import { isCoordinatorUnreachable, rejoinOnUnreachableCoordinator } from './coordinator-failover.js';

const { KafkaJSConnectionError, KafkaJSProtocolError } = kafkajs;
// Exported at run time, missing from KafkaJS's typings.
const { KafkaJSConnectionClosedError } = kafkajs as unknown as {
  KafkaJSConnectionClosedError: typeof KafkaJSConnectionError;
};
// The runner's own test for "rejoin" (not exported by kafkajs' main module).
const { isRebalancing } = createRequire(import.meta.url)('kafkajs/src/errors.js') as {
  isRebalancing: (error: unknown) => boolean;
};

/** A group whose heartbeat throws `error` (or answers when undefined). */
function groupFailingWith(error: Error | undefined) {
  return {
    calls: 0,
    async heartbeat(_options: { interval: number }): Promise<void> {
      this.calls += 1;
      if (error) throw error;
    },
  };
}

test('a refused or dropped connection to the coordinator reads as NOT_COORDINATOR, which KafkaJS answers by rejoining', async () => {
  for (const error of [
    new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:19092'),
    new KafkaJSConnectionClosedError('Closed connection'),
  ]) {
    assert.ok(isCoordinatorUnreachable(error));
    const group = groupFailingWith(error);
    rejoinOnUnreachableCoordinator(group);
    const thrown = await group.heartbeat({ interval: 0 }).then(
      () => assert.fail('the heartbeat failed'),
      (e: unknown) => e as Error & { type?: string; retriable?: boolean },
    );
    assert.equal(thrown.type, 'NOT_COORDINATOR_FOR_GROUP');
    assert.equal(thrown.retriable, true);
    assert.equal(thrown.cause, error);
    assert.ok(isRebalancing(thrown), "KafkaJS's runner takes it for a rebalance (rejoin), not a retry");
    assert.match(thrown.message, /group coordinator unreachable/);
  }
});

test('other heartbeat errors and answers pass through unchanged', async () => {
  const rebalance = new KafkaJSProtocolError('The group is rebalancing');
  const timeout = new Error('Request Heartbeat(key: 12, version: 3) timed out');
  for (const error of [rebalance, timeout]) {
    const group = groupFailingWith(error);
    rejoinOnUnreachableCoordinator(group);
    await assert.rejects(group.heartbeat({ interval: 0 }), (e) => e === error);
  }
  const healthy = groupFailingWith(undefined);
  rejoinOnUnreachableCoordinator(healthy);
  await healthy.heartbeat({ interval: 0 });
  assert.equal(healthy.calls, 1, 'the wrapped heartbeat runs on the same object');
});
