import assert from 'node:assert/strict';
import { test } from 'node:test';
import { versionGate } from './version-gate.js';

test('scores a capture taken against the active version', () => {
  assert.deepEqual(versionGate('v4', 4), { kind: 'score' });
  assert.deepEqual(versionGate('4', 4), { kind: 'score' });
});

test('holds a capture taken against an older or newer version as drift', () => {
  assert.deepEqual(versionGate('v3', 4), { kind: 'drift', activeVersion: 4 });
  assert.deepEqual(versionGate('v5', 4), { kind: 'drift', activeVersion: 4 });
});

test('holds a capture when no version is active or its version is unreadable', () => {
  assert.deepEqual(versionGate('v1', null), { kind: 'drift', activeVersion: null });
  assert.deepEqual(versionGate('latest', 1), { kind: 'drift', activeVersion: 1 });
});
