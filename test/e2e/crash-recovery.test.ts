/**
 * kill -9 of every service once during a run (each restarted right away): nothing lost, nothing scored twice, and
 * the final per-capture results equal those of an undisturbed run of the same captures (same capture ids: same
 * plan seed and captured_at). E2E_CRASH_CAPTURES sets the number of captures.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import {
  capturesInMesh,
  DemoSession,
  dropDatabase,
  localSessionOptions,
  type ManifestEntry,
  MESH_SERVICES,
  readCaptureStates,
} from '../../apps/demo/src/index.js';
import { assertScoredOnce, readComplianceRecords } from './count-by-key.js';

const N = Number(process.env['E2E_CRASH_CAPTURES'] ?? 30);
// One captured_at origin for both runs, so both plan the very same capture ids.
const START_AT = Math.floor(Date.now() / 60_000) * 60_000 - 2 * 3_600_000;
const MIX = { duplicate: 0.1, degraded: 0.1, corrupt: 0.05, drift: 0.05 };

interface Outcome {
  readonly state: string;
  readonly reason: string | null;
  readonly score: number | null;
  readonly tier: string | null;
}

/** Runs the captures through a fresh namespace + database; `disturb` runs while they are sent. */
async function run(label: string, disturb: (session: DemoSession) => Promise<void>) {
  const suffix = randomBytes(4).toString('hex');
  const options = localSessionOptions({
    namespace: `e2e-${label}-${suffix}`,
    database: `shelfstream_test_e2e_${label}_${suffix}`,
    stateSubdir: `e2e/${label}-${suffix}`,
  });
  const session = await DemoSession.start(options);
  try {
    let entries: ManifestEntry[] = [];
    await Promise.all([
      session
        .sendCaptures({ count: N, ratePerSecond: 1.5, channel: 'both', mix: MIX, startAt: START_AT })
        .then((sent) => {
          entries = sent;
        }),
      disturb(session),
    ]);
    const ids = capturesInMesh(entries);
    const progress = await session.waitTerminal(ids, 180_000);
    const states = await readCaptureStates(session.pool, ids);
    const scores = await session.pool.query<{ capture_id: string; score: number; tier: string }>(
      'select capture_id, score, tier from shelfstream.compliance_results where capture_id = any($1)',
      [ids],
    );
    const scoreOf = new Map(scores.rows.map((r) => [r.capture_id, r]));
    const outcomes = new Map<string, Outcome>(
      [...states.values()].map((r) => [
        r.capture_id,
        {
          state: r.state,
          reason: r.dead_letter_reason,
          score: scoreOf.get(r.capture_id)?.score ?? null,
          tier: scoreOf.get(r.capture_id)?.tier ?? null,
        },
      ]),
    );
    const complianceRecords = await readComplianceRecords(session);
    return { ids, progress, outcomes, complianceRecords, logDir: `${options.stateDir}/logs` };
  } finally {
    await session.close();
    await dropDatabase(options.databaseUrl);
    rmSync(path.join(options.stateDir, 'blobs'), { recursive: true, force: true });
  }
}

test('kill -9 of each service mid-run loses nothing, scores nothing twice and ends like an undisturbed run', async (t) => {
  const started = Date.now();
  const calm = await run('calm', async () => undefined);
  t.diagnostic(`undisturbed run: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const chaosStarted = Date.now();
  const killed: string[] = [];
  const chaos = await run('chaos', async (session) => {
    // Staggered: each service is killed 2 s after the previous one and restarted at once, so the consumer-group
    // stalls of the dead members overlap instead of adding up.
    await new Promise((r) => setTimeout(r, 3000));
    const restarts: Promise<void>[] = [];
    for (const name of MESH_SERVICES) {
      await session.mesh.kill(name);
      killed.push(name);
      restarts.push(session.mesh.restart(name));
      await new Promise((r) => setTimeout(r, 2000));
    }
    await Promise.all(restarts);
  });
  t.diagnostic(`run with kills: ${((Date.now() - chaosStarted) / 1000).toFixed(0)} s`);
  assert.deepEqual(killed, [...MESH_SERVICES]);
  assert.deepEqual([...chaos.ids].sort(), [...calm.ids].sort(), 'same captures in both runs');
  assert.equal(chaos.outcomes.size, chaos.ids.length, 'every capture tracked');
  assert.equal(chaos.progress.terminal, chaos.ids.length, `every capture terminal; logs in ${chaos.logDir}`);
  let tierChanged = 0;
  let rescored = 0;
  for (const id of calm.ids) {
    const a = calm.outcomes.get(id);
    const b = chaos.outcomes.get(id);
    assert.ok(a && b, id);
    assert.equal(b.state, a.state, `${id} state`);
    assert.equal(b.reason, a.reason, `${id} dead-letter reason`);
    if (a.tier === b.tier) assert.equal(b.score, a.score, `${id} score (tier ${a.tier})`);
    else tierChanged++;
    // Scored once: one first score; a capture that fell back while the model server or tier 1 was down may also
    // have been re-scored by tier 1 since (at most once per tier). Nothing else on the topic for the others.
    if (a.score !== null) rescored += assertScoredOnce(chaos.complianceRecords, id);
    else assert.equal(chaos.complianceRecords.byCapture.get(id), undefined, `${id} has no compliance record`);
  }
  t.diagnostic(
    `${calm.ids.length} captures; ${tierChanged} scored by another tier after a kill (breaker fallback); ` +
      `${rescored} re-scored by a better tier`,
  );
});
