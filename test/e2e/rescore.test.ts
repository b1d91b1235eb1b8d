/**
 * Automatic re-scoring (issue 14 point 4) on the real stack, every service as its own process: the model server is
 * down, so N captures fall back from tier 1 (REMOTE) and are scored by the edge (or heuristic) tier, and the scorer
 * queues them for a re-score; the model server comes back, a few more captures score REMOTE (the evidence the
 * state tracker's re-score job waits for), and the same N captures are re-scored by tier 1: exactly one superseding
 * ComplianceScored each, the earlier score kept in superseded_results, the requests closed. E2E_RESCORE_CAPTURES sets N.
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
  readProgress,
  waitFor,
} from '../../apps/demo/src/index.js';
import type { DetectionsProduced } from '../../packages/contracts/src/index.js';
import { readTopic } from '../../packages/testkit/src/index.js';
import { countByKey, readComplianceRecords } from './count-by-key.js';

const N = Number(process.env['E2E_RESCORE_CAPTURES'] ?? 12);
/** Later captures, sent once the model server is back: they score REMOTE and are never re-scored. */
const LATER = 3;
/** Only clean captures: each must score, and score confidently on tier 1 again. */
const CLEAN = { duplicate: 0, degraded: 0, corrupt: 0, drift: 0, noShelf: 0, emptyShelf: 0 };
/** Fallback codes that say tier 1 did not answer: only these queue a re-score. */
const TIER1_DOWN = /^INFERENCE_(BREAKER_OPEN|REMOTE_FAILED|REMOTE_TIMEOUT)$/;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('model server down -> edge scores -> model server back -> the same captures re-scored by the remote tier once', {
  timeout: 300_000,
}, async (t) => {
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  const suffix = randomBytes(4).toString('hex');
  const options = localSessionOptions(
    {
      namespace: `e2e-rescore-${suffix}`,
      database: `shelfstream_test_e2e_rescore_${suffix}`,
      stateSubdir: `e2e/rescore-${suffix}`,
    },
    {
      // Every process gets these; only the scoring roles read them. A short job interval; a request tier 1 dropped
      // (it reads the lane only while idle with its breaker closed) goes out again after 15 s, not 5 min.
      extraEnv: {
        SCORING_RESCORE_INTERVAL_MS: '500',
        SCORING_RESCORE_BATCH_SIZE: '20',
        SCORING_RESCORE_RESEND_AFTER_MS: '15000',
        SCORING_RESCORE_MAX_ATTEMPTS: '5',
      },
    },
  );
  const session = await DemoSession.start(options);
  const logs = `logs in ${options.stateDir}/logs`;
  try {
    const pool = session.pool;
    t.diagnostic(`mesh up: ${elapsed()}`);

    // 1. Tier 1's model server is down: the captures fall back to the edge tier (heuristic at worst).
    await session.mesh.kill('model-server');
    const early = capturesInMesh(
      await session.sendCaptures({ count: N, ratePerSecond: 0, channel: 'both', mix: CLEAN }),
    );
    assert.equal(early.length, N, 'every capture entered the mesh');
    const progress = await session.waitTerminal(early, 120_000);
    assert.equal(
      progress.byState['SCORED'],
      N,
      `all scored while tier 1 is down: ${JSON.stringify(progress.byState)}; ${logs}`,
    );
    const firstScores = await pool.query<{ capture_id: string; tier: string; score: number }>(
      'select capture_id, tier, score from shelfstream.compliance_results where capture_id = any($1)',
      [early],
    );
    const earlier = new Map(firstScores.rows.map((r) => [r.capture_id, r]));
    assert.equal(earlier.size, N);
    for (const r of firstScores.rows)
      assert.ok(
        r.tier === 'EDGE' || r.tier === 'HEURISTIC',
        `${r.capture_id} scored by a lower tier, not ${r.tier}`,
      );
    const queued = await pool.query<{
      capture_id: string;
      scored_tier: string;
      target_tier: string;
      attempts: number;
      requested_at: Date | null;
      first_reason: string | null;
    }>(
      `select capture_id, scored_tier, target_tier, attempts, requested_at, request->'fallback_reasons'->>0 as first_reason
           from shelfstream.rescore_requests where capture_id = any($1)`,
      [early],
    );
    assert.equal(queued.rows.length, N, 'one re-score request per capture');
    for (const r of queued.rows) {
      assert.equal(
        r.scored_tier,
        earlier.get(r.capture_id)?.tier,
        `${r.capture_id} request names its scored tier`,
      );
      assert.equal(r.target_tier, 'REMOTE', r.capture_id);
      assert.match(
        r.first_reason ?? '',
        TIER1_DOWN,
        `${r.capture_id} fell back because tier 1 did not answer`,
      );
      // No REMOTE score yet, so no evidence that tier 1 answers: the job has sent nothing.
      assert.equal(r.attempts, 0, `${r.capture_id} not sent while tier 1 is down`);
      assert.equal(r.requested_at, null, r.capture_id);
    }
    t.diagnostic(
      `${N} captures scored by ${[...new Set(firstScores.rows.map((r) => r.tier))].join('/')} ` +
        `(${[...new Set(queued.rows.map((r) => r.first_reason))].join(', ')}): ${elapsed()}`,
    );

    // 2. The model server is back. Once tier 1's breaker lets a call through again, a few more captures score
    //    REMOTE: the job's evidence that tier 1 answers.
    await session.mesh.restart('model-server');
    const modelServer = `http://127.0.0.1:${session.mesh.ports['model-server']}`;
    await waitFor(
      'model server ready',
      async () => (await fetch(`${modelServer}/readyz`).catch(() => undefined))?.ok || undefined,
      60_000,
    );
    const remoteMetrics = `http://127.0.0.1:${session.mesh.ports['inference-remote']}/metrics`;
    await waitFor(
      'tier 1 breaker no longer open',
      async () => {
        const text = await (await fetch(remoteMetrics)).text();
        const state = /^shelfstream_breaker_state\{[^}]*name="inference-remote"[^}]*\}\s+(\d+)/m.exec(
          text,
        )?.[1];
        return state !== undefined && state !== '2' ? state : undefined;
      },
      60_000,
    );
    t.diagnostic(`model server back, breaker not open: ${elapsed()}`);
    const later = capturesInMesh(
      await session.sendCaptures({ count: LATER, ratePerSecond: 1, channel: 'kafka', mix: CLEAN }),
    );
    assert.equal(later.length, LATER);
    assert.equal(later.filter((id) => earlier.has(id)).length, 0, 'the later captures are other captures');
    const laterProgress = await session.waitTerminal(later, 60_000);
    assert.equal(laterProgress.byState['SCORED'], LATER, `${JSON.stringify(laterProgress.byState)}; ${logs}`);

    // 3. The job sends the queued requests, tier 1 re-scores them on its rescore lane, the scorer supersedes.
    const tiers = async () =>
      (
        await pool.query<{ capture_id: string; tier: string }>(
          'select capture_id, tier from shelfstream.compliance_results where capture_id = any($1)',
          [[...early, ...later]],
        )
      ).rows;
    const rescoredAt = await waitFor(
      'every early capture re-scored by REMOTE',
      async () =>
        (await tiers()).filter((r) => r.tier === 'REMOTE').length === N + LATER ? elapsed() : undefined,
      120_000,
    ).catch(async () => {
      const rows = await tiers();
      const open = await pool.query(
        'select capture_id, attempts, requested_at, outcome from shelfstream.rescore_requests where capture_id = any($1)',
        [early],
      );
      assert.fail(
        `not re-scored in 120 s: ${rows.filter((r) => r.tier !== 'REMOTE').length} of ${N + LATER} not REMOTE; ` +
          `requests ${JSON.stringify(open.rows)}; ${logs}`,
      );
    });
    t.diagnostic(`all ${N} re-scored by REMOTE: ${rescoredAt}`);
    // A late duplicate (a request sent twice) would show up now; the topic reads below wait for 3 s of quiet too.
    await sleep(2000);

    // The compliance topic: one first score each; the early captures one superseding REMOTE record each.
    const records = await readComplianceRecords(session);
    for (const id of early) {
      const first = records.firstScores(id);
      const rescores = records.rescores(id);
      const was = earlier.get(id);
      assert.equal(first.length, 1, `${id}: one first score`);
      assert.equal(first[0]?.tier, was?.tier, `${id}: first score by ${was?.tier}`);
      assert.equal(rescores.length, 1, `${id}: exactly one superseding record, got ${rescores.length}`);
      const [r] = rescores;
      assert.equal(r?.tier, 'REMOTE', id);
      // Spread: the decoder gives the nested record a class of its own.
      assert.deepEqual(
        { ...r?.supersedes },
        {
          tier: first[0]?.tier,
          model_id: first[0]?.model_id,
          model_version: first[0]?.model_version,
          score: first[0]?.score,
          partial: first[0]?.partial,
          scored_at: first[0]?.scored_at,
        },
        `${id}: supersedes names the first score`,
      );
      assert.ok((r?.scored_at ?? 0) > (first[0]?.scored_at ?? 0), `${id}: re-scored after its first score`);
    }
    for (const id of later) {
      assert.deepEqual(
        (records.byCapture.get(id) ?? []).map((r) => [r.tier, r.supersedes]),
        [['REMOTE', null]],
        `${id}: one REMOTE first score, never superseded`,
      );
    }

    // PostgreSQL: the latest score in compliance_results, the earlier one in superseded_results, requests closed.
    const finals = await pool.query<{
      capture_id: string;
      tier: string;
      score: number;
      supersedes_tier: string | null;
    }>(
      `select capture_id, tier, score, record->'supersedes'->>'tier' as supersedes_tier
           from shelfstream.compliance_results where capture_id = any($1)`,
      [early],
    );
    for (const row of finals.rows) {
      const [r] = records.rescores(row.capture_id);
      assert.equal(row.tier, 'REMOTE', row.capture_id);
      assert.equal(row.score, r?.score, `${row.capture_id}: stored score is the re-score`);
      assert.equal(row.supersedes_tier, earlier.get(row.capture_id)?.tier, row.capture_id);
    }
    const superseded = await pool.query<{
      capture_id: string;
      tier: string;
      score: number;
      superseded_by_tier: string;
    }>(
      'select capture_id, tier, score, superseded_by_tier from shelfstream.superseded_results where capture_id = any($1)',
      [[...early, ...later]],
    );
    assert.deepEqual(
      superseded.rows.map((r) => r.capture_id).sort(),
      [...early].sort(),
      'exactly one superseded row per early capture, none for the later ones',
    );
    for (const row of superseded.rows) {
      const was = earlier.get(row.capture_id);
      assert.equal(row.tier, was?.tier, row.capture_id);
      assert.equal(row.score, was?.score, row.capture_id);
      assert.equal(row.superseded_by_tier, 'REMOTE', row.capture_id);
    }
    const closed = await pool.query<{
      capture_id: string;
      outcome: string | null;
      attempts: number;
      done: boolean;
    }>(
      `select capture_id, outcome, attempts, done_at is not null as done
           from shelfstream.rescore_requests where capture_id = any($1)`,
      [[...early, ...later]],
    );
    assert.deepEqual(
      closed.rows.map((r) => r.capture_id).sort(),
      [...early].sort(),
      'requests for the early captures only',
    );
    for (const row of closed.rows) {
      assert.equal(row.outcome, 'superseded', row.capture_id);
      assert.ok(row.done, row.capture_id);
      assert.ok(row.attempts >= 1, `${row.capture_id}: sent ${row.attempts} times`);
    }

    // Kafka: the requests went to tier 1's rescore lane, which answered each with REMOTE detections marked rescore.
    const requests = await countByKey(session.kafka, session.topics.rescoreRequests);
    for (const id of early) assert.ok((requests.get(id) ?? 0) >= 1, `${id}: RescoreRequested sent`);
    for (const id of later) assert.equal(requests.get(id), undefined, `${id}: no RescoreRequested`);
    const detections = await readDetectionsOf(session, new Set([...early, ...later]));
    for (const id of early) {
      const list = detections.get(id) ?? [];
      const fallbacks = list.filter((d) => !d.rescore);
      assert.ok(fallbacks.length >= 1, `${id}: first detections`);
      for (const d of fallbacks) {
        assert.notEqual(d.tier, 'REMOTE', id);
        assert.match(d.fallback_reasons[0] ?? '', TIER1_DOWN, `${id}: ${d.fallback_reasons.join(',')}`);
      }
      const rescores = list.filter((d) => d.rescore);
      assert.ok(rescores.length >= 1, `${id}: re-score detections`);
      for (const d of rescores) {
        assert.equal(d.tier, 'REMOTE', id);
        assert.deepEqual(d.fallback_reasons, [], id);
      }
    }
    for (const id of later)
      assert.deepEqual(
        (detections.get(id) ?? []).map((d) => [d.tier, d.rescore]),
        [['REMOTE', false]],
        id,
      );
    const progressAfter = await readProgress(pool, [...early, ...later]);
    assert.equal(progressAfter.byState['SCORED'], N + LATER, JSON.stringify(progressAfter.byState));
    t.diagnostic(`done: ${elapsed()}`);
  } finally {
    await session.close();
    await dropDatabase(options.databaseUrl);
    rmSync(path.join(options.stateDir, 'blobs'), { recursive: true, force: true });
  }
});

/** Every DetectionsProduced of the wanted captures (read_committed, from the beginning, until quiet for 3 s). */
async function readDetectionsOf(
  session: DemoSession,
  wanted: ReadonlySet<string>,
): Promise<Map<string, DetectionsProduced[]>> {
  const topic = session.topics.detections;
  const records = await readTopic(session.kafka, topic, {
    until: () => true,
    settleMs: 3000,
    timeoutMs: 60_000,
  });
  const byCapture = new Map<string, DetectionsProduced[]>();
  for (const record of records) {
    if (record.key === null || !wanted.has(record.key)) continue;
    const value = await session.codec.decode<DetectionsProduced>(record.value, topic);
    byCapture.set(value.capture_id, [...(byCapture.get(value.capture_id) ?? []), value]);
  }
  return byCapture;
}
