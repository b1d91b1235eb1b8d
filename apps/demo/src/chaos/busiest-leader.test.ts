import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awaitingNewLeader, busiestLeader } from './busiest-leader.js';

const p = (leader: number, partition = 0) => ({ topic: 't', partition, leader });

test('names the node leading the most partitions', () => {
  assert.deepEqual(busiestLeader([p(1), p(2), p(2), p(3), p(2, 1)]), { nodeId: 2, led: 3 });
});

test('breaks a tie by the lowest node id and skips leaderless partitions', () => {
  assert.deepEqual(busiestLeader([p(3), p(1), p(-1), p(-1), p(-1)]), { nodeId: 1, led: 1 });
  assert.equal(busiestLeader([p(-1)]), undefined);
});

test("counts the killed node's partitions still led by it or by no one", () => {
  const before = [p(2, 0), p(2, 1), p(2, 2)];
  assert.equal(awaitingNewLeader([p(2, 0), p(-1, 1), p(3, 2), p(2, 3)], before, 2), 2);
  assert.equal(awaitingNewLeader([p(1, 0), p(3, 1), p(1, 2)], before, 2), 0);
  assert.equal(
    awaitingNewLeader([p(1, 0)], before, 2),
    2,
    'a partition missing from the answer is not elected',
  );
});
