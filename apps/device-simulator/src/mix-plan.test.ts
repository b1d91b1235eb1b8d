import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_MIX, planCaptures } from './mix-plan.js';

const base = {
  seed: 7,
  stores: 3,
  devicesPerStore: 2,
  count: 200,
  channel: 'kafka' as const,
  startAt: Date.UTC(2026, 0, 1),
};

test('the same seed gives the same plan, another seed another plan', () => {
  assert.deepEqual(planCaptures(base), planCaptures(base));
  assert.notDeepEqual(planCaptures(base), planCaptures({ ...base, seed: 8 }));
});

test('draws kinds close to the mix shares and keeps stores and devices in range', () => {
  const plan = planCaptures({
    ...base,
    count: 2000,
    mix: { duplicate: 0.2, degraded: 0.1, corrupt: 0.1, drift: 0.1 },
  });
  const share = (kind: string) => plan.filter((p) => p.kind === kind).length / plan.length;
  assert.ok(Math.abs(share('duplicate') - 0.2) < 0.04, `duplicate ${share('duplicate')}`);
  assert.ok(Math.abs(share('corrupt') - 0.1) < 0.03, `corrupt ${share('corrupt')}`);
  assert.ok(Math.abs(share('ok') - 0.5) < 0.05, `ok ${share('ok')}`);
  assert.deepEqual([...new Set(plan.map((p) => p.storeId))].sort(), ['store-001', 'store-002', 'store-003']);
  assert.ok(plan.every((p) => p.deviceId.startsWith(`${p.storeId}-cam-`)));
});

test('a duplicate repeats an earlier capture identity and scene, never first', () => {
  const plan = planCaptures({ ...base, mix: { duplicate: 0.5, degraded: 0, corrupt: 0, drift: 0 } });
  assert.notEqual(plan[0]?.kind, 'duplicate');
  const dups = plan.filter((p) => p.kind === 'duplicate');
  assert.ok(dups.length > 50);
  for (const d of dups) {
    const original = plan[d.duplicateOf as number];
    assert.ok(original && original.seq < d.seq && original.kind !== 'duplicate');
    assert.deepEqual(
      [d.storeId, d.aisle, d.deviceId, d.capturedAt, d.sceneSeed],
      [original.storeId, original.aisle, original.deviceId, original.capturedAt, original.sceneSeed],
    );
  }
});

test('drift captures claim the outdated planogram version, the others the active one', () => {
  const plan = planCaptures({ ...base, planogramVersion: 'v3', outdatedPlanogramVersion: 'v2' });
  assert.ok(plan.some((p) => p.kind === 'drift'));
  for (const p of plan) assert.equal(p.planogramVersion, p.kind === 'drift' ? 'v2' : 'v3');
});

test('with both channels a duplicate goes over the channel its original did not use', () => {
  const plan = planCaptures({
    ...base,
    channel: 'both',
    mix: { duplicate: 0.3, degraded: 0, corrupt: 0, drift: 0 },
  });
  for (const d of plan.filter((p) => p.kind === 'duplicate')) {
    assert.notEqual(d.channel, plan[d.duplicateOf as number]?.channel);
  }
});

test('refuses shares that sum over one and non-positive sizes', () => {
  assert.throws(
    () => planCaptures({ ...base, mix: { duplicate: 0.6, degraded: 0.6, corrupt: 0, drift: 0 } }),
    RangeError,
  );
  assert.throws(() => planCaptures({ ...base, stores: 0 }), RangeError);
});

test('no-shelf and empty-shelf captures are drawn after the older kinds, which keep their draws', () => {
  const older = { duplicate: 0.1, degraded: 0.1, corrupt: 0.05, drift: 0.05 };
  const before = planCaptures({ ...base, count: 2000, mix: older });
  const after = planCaptures({ ...base, count: 2000, mix: { ...older, noShelf: 0.05, emptyShelf: 0.05 } });
  const share = (kind: string) => after.filter((p) => p.kind === kind).length / after.length;
  assert.ok(Math.abs(share('no-shelf') - 0.05) < 0.02, `no-shelf ${share('no-shelf')}`);
  assert.ok(Math.abs(share('empty-shelf') - 0.05) < 0.02, `empty-shelf ${share('empty-shelf')}`);
  // Only ok captures changed kind: every other capture of the older mix is drawn as before.
  before.forEach((p, i) => {
    if (p.kind !== 'ok' && p.kind !== 'duplicate') assert.equal(after[i]?.kind, p.kind, `capture ${i}`);
    if (p.kind === 'ok') assert.ok(['ok', 'no-shelf', 'empty-shelf'].includes(after[i]?.kind ?? ''), `${i}`);
  });
});

test('close-up captures are opt-in and drawn after every other kind, which keep their draws', () => {
  const before = planCaptures({ ...base, count: 2000 });
  assert.ok(!before.some((p) => p.kind === 'close-up'), 'the default mix has no close-ups');
  const after = planCaptures({ ...base, count: 2000, mix: { ...DEFAULT_MIX, closeUp: 0.05 } });
  const share = after.filter((p) => p.kind === 'close-up').length / after.length;
  assert.ok(Math.abs(share - 0.05) < 0.02, `close-up ${share}`);
  before.forEach((p, i) => {
    if (p.kind !== 'ok' && p.kind !== 'duplicate') assert.equal(after[i]?.kind, p.kind, `capture ${i}`);
    if (p.kind === 'ok') assert.ok(['ok', 'close-up'].includes(after[i]?.kind ?? ''), `${i}`);
  });
  for (const p of after.filter((x) => x.kind === 'close-up')) assert.equal(p.planogramVersion, 'v1');
});
