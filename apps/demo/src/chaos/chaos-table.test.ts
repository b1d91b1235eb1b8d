import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatChaosTable } from './chaos-table.js';

test('prints one aligned row per fault under a header and a rule', () => {
  const text = formatChaosTable([
    {
      id: 1,
      fault: 'SIGKILL scorer (mid-transaction)',
      downMs: 6200,
      recoverMs: 11_040,
      pauseMs: 4000,
      inFlight: 14,
    },
    {
      id: 12,
      fault: 'SIGKILL broker (kafka)',
      downMs: 90_000,
      recoverMs: 31_500,
      pauseMs: 96_000,
      inFlight: 3,
    },
  ]);
  const lines = text.split('\n');
  assert.equal(lines.length, 4);
  assert.match(lines[0] ?? '', /^ #\s+fault\s+down\s+recover\s+longest pause\s+in flight$/);
  assert.match(lines[1] ?? '', /^-+ +-+/);
  assert.match(lines[2] ?? '', /^ 1 {2}SIGKILL scorer \(mid-transaction\)\s+6\.2 s\s+11\.0 s\s+4\.0 s\s+14$/);
  assert.match(lines[3] ?? '', /^12 {2}SIGKILL broker \(kafka\)\s+90\.0 s\s+31\.5 s\s+96\.0 s\s+3$/);
  assert.equal(lines[2]?.indexOf('6.2 s') !== -1, true);
});

test('marks a part that never came back and a mesh that never caught up', () => {
  const text = formatChaosTable([
    {
      id: 3,
      fault: 'SIGKILL registry (apicurio)',
      downMs: null,
      recoverMs: null,
      inFlight: 0,
      note: 'restart failed',
    },
  ]);
  assert.match(text, /never\s+NOT RECOVERED\s+-\s+0\s+restart failed/);
});
