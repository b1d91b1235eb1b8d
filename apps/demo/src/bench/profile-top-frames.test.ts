import assert from 'node:assert/strict';
import { test } from 'node:test';
import { topFrames } from './profile-top-frames.js';

test('topFrames ranks functions by self time, idle excluded, shares of busy time', () => {
  const frame = (id: number, functionName: string, url = '') => ({
    id,
    callFrame: { functionName, url, lineNumber: 9 },
  });
  const profile = {
    nodes: [
      frame(1, '(idle)'),
      frame(2, 'claheTiled', 'file:///repo/packages/vision/src/clahe-tiled.ts'),
      frame(3, 'encode', 'file:///repo/node_modules/.pnpm/avsc@5/node_modules/avsc/lib/types.js'),
      frame(4, '(garbage collector)'),
    ],
    samples: [1, 2, 2, 3, 4, 1, 2],
    timeDeltas: [5000, 1000, 1000, 500, 500, 9000, 1000],
  };
  const top = topFrames(profile, 2);
  assert.deepEqual(
    top.map((t) => t.frame),
    ['claheTiled (vision/src/clahe-tiled.ts:10)', 'encode (avsc/lib/types.js:10)'],
  );
  assert.equal(top[0]?.selfMs, 3);
  assert.equal(top[0]?.share, 3 / 4);
});
