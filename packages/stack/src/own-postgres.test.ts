import assert from 'node:assert/strict';
import { test } from 'node:test';
import { choosePostgres } from './own-postgres.js';

const base = { urlIsDefault: true, ownRunning: false, answers: false, binariesFound: true };

test('a server answering at the default address is used as it is', () => {
  assert.equal(choosePostgres({ ...base, answers: true }), 'external');
});

test('with nothing answering at the default address and the binaries there, the stack runs its own cluster', () => {
  assert.equal(choosePostgres(base), 'own');
  assert.equal(
    choosePostgres({ ...base, ownRunning: true, answers: true }),
    'own',
    'its own, from an earlier up',
  );
});

test('an explicit DATABASE_URL is only ever checked, never replaced by an own cluster', () => {
  assert.equal(choosePostgres({ ...base, urlIsDefault: false }), 'unreachable');
  assert.equal(choosePostgres({ ...base, urlIsDefault: false, ownRunning: true }), 'unreachable');
  assert.equal(choosePostgres({ ...base, urlIsDefault: false, answers: true }), 'external');
});

test('without the binaries nothing can be started', () => {
  assert.equal(choosePostgres({ ...base, binariesFound: false }), 'unreachable');
});
