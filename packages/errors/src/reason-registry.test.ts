import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineReasons } from './reason-registry.js';
import { isStageError, StageError } from './stage-error.js';

test('defineReasons rejects a code that is not SCREAMING_SNAKE_CASE', () => {
  assert.throws(() => defineReasons({ 'bad-code': { retriable: false, description: 'x' } }), /bad-code/);
});

test('defineReasons returns a frozen registry keyed by code', () => {
  const reasons = defineReasons({ DEMO_FAILED: { retriable: true, description: 'demo' } });
  assert.equal(reasons.DEMO_FAILED.retriable, true);
  assert.ok(Object.isFrozen(reasons));
});

test('isStageError recognises a structurally compatible error from another package copy', () => {
  const foreign = Object.assign(new Error('x'), { code: 'DEMO_FAILED', retriable: false });
  assert.equal(isStageError(foreign), true);
  assert.equal(isStageError(new Error('plain')), false);
  const own = new StageError('DEMO_FAILED', 'boom', { retriable: true, cause: new Error('root') });
  assert.equal(isStageError(own), true);
  assert.equal((own.cause as Error).message, 'root');
});
