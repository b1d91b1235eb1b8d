import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeRecords, formatFindings, toFaultRows } from './chaos-report.js';
import type { FaultOutcome } from './fault-injector.js';
import { computeVerdict } from './verdict.js';

/** A broker kill of fault `id`, down `downMs`, hit at 1 s and back at `backAtMs`, with 2 captures in flight. */
function brokerKill(id: number, downMs: number, backAtMs: number, target?: string): FaultOutcome {
  return {
    fault: { id, kind: 'broker', target: 'kafka', atMs: 0, downMs, midTransaction: false },
    hitAtMs: 1000,
    backAtMs,
    inFlight: 2,
    ...(target ? { target } : {}),
  };
}

test('a fault row gives the down time from hit to back and the recovery from the in-flight samples', () => {
  const [row] = toFaultRows(
    [brokerKill(9, 90_000, 106_000)],
    [
      { atMs: 106_000, inFlight: 30, terminal: 50 },
      { atMs: 120_000, inFlight: 3, terminal: 80 },
    ],
    0.2,
    200_000,
  );
  assert.deepEqual(row, {
    id: 9,
    fault: 'SIGKILL broker (kafka)',
    downMs: 105_000,
    recoverMs: 14_000,
    // Nothing is known to have finished from the hit (1 s) to the first progress after it (120 s).
    pauseMs: 119_000,
    inFlight: 2,
  });
});

test("with the scores' produce times, the pause is the longest gap between them, not between 2 s samples", () => {
  const [row] = toFaultRows(
    [brokerKill(9, 60_000, 61_000)],
    [
      { atMs: 0, inFlight: 4, terminal: 50 },
      { atMs: 61_000, inFlight: 3, terminal: 80 },
      { atMs: 62_000, inFlight: 2, terminal: 81 },
    ],
    0.2,
    200_000,
    [12_500, 900, 1500, 13_000, 40_000, 61_500],
  );
  // Scores at 1.5, 12.5, 13, 40 and 61.5 s after the hit at 1 s, recovered at 62 s: the longest gap is 13 -> 40 s.
  assert.equal(row?.pauseMs, 27_000);
});

test('a broker fault names the node that was actually killed', () => {
  const [row] = toFaultRows([brokerKill(4, 90_000, 91_000, 'kafka-3')], [], 0.2, 200_000);
  assert.equal(row?.fault, 'SIGKILL broker (kafka-3)');
});

test('a killed node of three notes how long the election of its partitions took, or that none was seen', () => {
  const outcome = {
    fault: {
      id: 4,
      kind: 'broker' as const,
      target: 'kafka',
      atMs: 0,
      downMs: 60_000,
      midTransaction: false,
    },
    hitAtMs: 1000,
    backAtMs: 91_000,
    inFlight: 2,
    target: 'kafka-2',
  };
  const rows = toFaultRows(
    [{ ...outcome, electedAtMs: 11_250 }, { ...outcome, electedAtMs: null, note: 'input empty' }, outcome],
    [],
    0.2,
    200_000,
  );
  assert.deepEqual(
    rows.map((r) => r.note),
    ['new leaders after 10.3 s', 'input empty; new leaders not seen within 2 min', undefined],
  );
});

test('a part that never came back has neither a down time nor a recovery', () => {
  const [row] = toFaultRows(
    [
      {
        fault: { id: 3, kind: 'service', target: 'scorer', atMs: 0, downMs: 0, midTransaction: true },
        hitAtMs: 1000,
        backAtMs: null,
        inFlight: 0,
        note: 'input empty: killed idle',
      },
    ],
    [],
    1,
    10_000,
  );
  assert.deepEqual(
    [row?.fault, row?.downMs, row?.recoverMs, row?.note],
    ['SIGKILL scorer (mid-transaction)', null, null, 'input empty: killed idle'],
  );
});

test('the findings name why captures ended off-plan, with their dead-letter reasons', () => {
  const states = new Map([
    [
      'a',
      {
        capture_id: 'a',
        state: 'DEAD_LETTERED',
        dead_letter_reason: 'PREPROCESS_BLOB_UNAVAILABLE',
        unscorable_reason: null,
      },
    ],
    [
      'b',
      {
        capture_id: 'b',
        state: 'DEAD_LETTERED',
        dead_letter_reason: 'PREPROCESS_BLOB_UNAVAILABLE',
        unscorable_reason: null,
      },
    ],
  ]);
  const verdict = computeVerdict({
    captureIds: ['a', 'b'],
    refusedIds: [],
    states: new Map([...states].map(([id, r]) => [id, r.state])),
    compliance: new Map(),
    groupLags: [],
    expectedStates: new Map([
      ['a', 'SCORED'],
      ['b', 'SCORED'],
    ]),
  });
  const lines = formatFindings({
    verdict,
    states,
    compliance: new Map(),
    groupLags: [],
    scores: [],
    exits: [],
    unsent: 0,
    refused: 0,
  });
  assert.ok(
    lines.includes(
      '!! 2 captures ended otherwise than in an undisturbed run: DEAD_LETTERED PREPROCESS_BLOB_UNAVAILABLE x2',
    ),
  );
});

test('the findings count re-scored captures apart and describe doubled ones by first scores and re-scores', () => {
  const states = new Map(
    ['a', 'b', 'c'].map((id) => [
      id,
      { capture_id: id, state: 'SCORED', dead_letter_reason: null, unscorable_reason: null },
    ]),
  );
  const compliance = new Map([
    ['a', { first: 1, rescores: [{ tier: 'REMOTE', supersededTier: 'EDGE' }] }],
    ['b', { first: 1, rescores: [{ tier: 'REMOTE', supersededTier: 'HEURISTIC' }] }],
    [
      'c',
      {
        first: 1,
        rescores: [
          { tier: 'REMOTE', supersededTier: 'EDGE' },
          { tier: 'REMOTE', supersededTier: 'EDGE' },
        ],
      },
    ],
  ]);
  const verdict = computeVerdict({
    captureIds: ['a', 'b', 'c'],
    refusedIds: [],
    states: new Map([...states].map(([id, r]) => [id, r.state])),
    compliance,
    groupLags: [],
  });
  const lines = formatFindings({
    verdict,
    states,
    compliance,
    groupLags: [],
    scores: [],
    exits: [],
    unsent: 0,
    refused: 0,
  });
  assert.ok(lines.includes('doubled (first 10): c (first x1, re-score REMOTE x2)'), lines.join('\n'));
  assert.ok(
    lines.includes('re-scored (informational): 3 captures, EDGE->REMOTE x3, HEURISTIC->REMOTE x1'),
    lines.join('\n'),
  );
  assert.equal(describeRecords({ first: 2, rescores: [] }), '(first x2)');
  assert.equal(describeRecords(undefined), '(first x0)');
});
