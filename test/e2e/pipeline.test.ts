/**
 * End to end on the real stack, every service as its own process: N captures over three stores (GONDOLA, ENDCAP,
 * FREEZER) with duplicates, degraded, corrupt, drift, no-shelf, empty-shelf and close-up captures, over Kafka and HTTP.
 * E2E_CAPTURES sets N.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  aisleKey,
  capturesInMesh,
  DemoSession,
  dropDatabase,
  groundTruthScore,
  localSessionOptions,
  type ManifestEntry,
  readProgress,
  waitFor,
} from '../../apps/demo/src/index.js';
import { closeUpView, truthOutOfStockSkus } from './close-up-truth.js';
import { assertScoredOnce, countByKey, readComplianceRecords } from './count-by-key.js';
import { readRecaptureReasons } from './recapture-reasons.js';

const N = Number(process.env['E2E_CAPTURES'] ?? 300);
const suffix = randomBytes(4).toString('hex');
const options = localSessionOptions({
  namespace: `e2e-${suffix}`,
  database: `shelfstream_test_e2e_${suffix}`,
  stateSubdir: `e2e/${suffix}`,
});
let session: DemoSession;
let entries: ManifestEntry[] = [];
/** Captures that entered the mesh (the gateway refuses an HTTP duplicate of a corrupt capture with a 400). */
const distinct = () => capturesInMesh(entries);
const kindOf = () =>
  new Map(entries.filter((e) => e.duplicate_of === null).map((e) => [e.capture_id, e.kind]));
/** The manifest entry of each capture's original (a duplicate's entry has the same id and kind `duplicate`). */
const originalOf = () =>
  new Map(entries.filter((e) => e.duplicate_of === null).map((e) => [e.capture_id, e]));

before(async () => {
  session = await DemoSession.start(options);
  entries = await session.sendCaptures({
    count: N,
    ratePerSecond: 0,
    channel: 'both',
    mix: {
      duplicate: 0.12,
      degraded: 0.1,
      corrupt: 0.08,
      drift: 0.08,
      noShelf: 0.06,
      emptyShelf: 0.05,
      closeUp: 0.05,
    },
  });
  await session.waitTerminal(distinct(), 360_000);
});

after(async () => {
  await session?.close();
  await dropDatabase(options.databaseUrl);
  // Logs stay under .stack/e2e/ for a post-mortem; the images are of no use once the run is over.
  rmSync(path.join(options.stateDir, 'blobs'), { recursive: true, force: true });
});

test('the generated mix has every fault kind', () => {
  const kinds = new Set(entries.map((e) => e.kind));
  for (const kind of [
    'ok',
    'duplicate',
    'degraded',
    'corrupt',
    'drift',
    'no-shelf',
    'empty-shelf',
    'close-up',
  ])
    assert.ok(kinds.has(kind as never), kind);
});

test('every capture ends in exactly one terminal state in the state tracker table', async () => {
  const { rows } = await session.pool.query<{ capture_id: string; state: string }>(
    'select capture_id, state from shelfstream.captures where capture_id = any($1)',
    [distinct()],
  );
  assert.equal(rows.length, distinct().length, 'one row per distinct capture');
  const kinds = kindOf();
  const expected: Record<string, string> = {
    ok: 'SCORED',
    degraded: 'SCORED',
    corrupt: 'DEAD_LETTERED',
    drift: 'VERSION_DRIFT',
    'no-shelf': 'UNSCORABLE',
    'empty-shelf': 'SCORED',
    'close-up': 'SCORED',
  };
  for (const row of rows)
    assert.equal(
      row.state,
      expected[kinds.get(row.capture_id) ?? ''],
      `${row.capture_id} (${kinds.get(row.capture_id)})`,
    );
});

test('corrupt captures are dead-lettered with the truncated-image reason', async () => {
  const corrupt = entries.filter((e) => e.kind === 'corrupt').map((e) => e.capture_id);
  const { rows } = await session.pool.query<{ dead_letter_reason: string }>(
    'select dead_letter_reason from shelfstream.captures where capture_id = any($1)',
    [corrupt],
  );
  assert.equal(rows.length, corrupt.length);
  for (const row of rows) assert.match(row.dead_letter_reason, /^(INGEST|PREPROCESS)_IMAGE_TRUNCATED$/);
});

test('duplicates are processed once: one first compliance record per scored capture', async (t) => {
  // A capture that fell back while tier 1 timed out may be re-scored by it (a second record naming the first in
  // `supersedes`): one first score each, at most one re-score per tier.
  const records = await readComplianceRecords(session);
  const scored = [...kindOf()]
    .filter(([, k]) => k === 'ok' || k === 'degraded' || k === 'empty-shelf' || k === 'close-up')
    .map(([id]) => id);
  assert.ok(
    entries.some((e) => e.duplicate_of !== null),
    'the run has duplicates',
  );
  let rescored = 0;
  for (const id of scored) rescored += assertScoredOnce(records, id);
  t.diagnostic(`${scored.length} scored captures, ${rescored} re-scored by a better tier`);
  const { rows } = await session.pool.query<{ n: string }>(
    'select count(*) as n from shelfstream.compliance_results where capture_id = any($1)',
    [distinct()],
  );
  assert.equal(Number(rows[0]?.n), scored.length);
});

/**
 * Largest mean |score - ground truth| (percentage points) allowed per tier, for captures of quality OK. Model tiers:
 * measured mean 1.3 with the detector trained on served images (apps/demo/README.md); 6 leaves room for
 * run-to-run variation while a train/serve gap like the old one (mean 15) fails.
 */
const TOLERANCE: Record<string, number> = {
  REMOTE: Number(process.env['E2E_SKU_TOLERANCE'] ?? 6),
  EDGE: Number(process.env['E2E_SKU_TOLERANCE'] ?? 6),
  HEURISTIC: Number(process.env['E2E_HEURISTIC_TOLERANCE'] ?? 60),
};

test('scores are within tolerance of the generator ground truth', async (t) => {
  // Ground truth = the generator's true boxes scored against the same planogram (SKU identity for model tiers,
  // facing counts for the heuristic tier). Degraded captures are excluded: blur/darkness is meant to hurt.
  const { rows } = await session.pool.query<{
    capture_id: string;
    score: number;
    partial: boolean;
    coverage: number;
    tier: string;
    quality: string;
  }>(
    'select capture_id, score, partial, coverage, tier, quality from shelfstream.compliance_results where capture_id = any($1)',
    [distinct()],
  );
  const entryOf = originalOf();
  const aisleOf = new Map(session.aisles.map((a) => [aisleKey(a.storeId, a.aisle), a]));
  const diffs: Record<string, number[]> = {};
  /** Clean photos of the whole section scored as if part of it were outside the frame; degraded ones apart. */
  const cutFullViews: string[] = [];
  const cutDegraded: string[] = [];
  for (const row of rows) {
    assert.ok(row.score >= 0 && row.score <= 100, `${row.capture_id} score ${row.score}`);
    const entry = entryOf.get(row.capture_id);
    // A close-up shows part of the section: it is checked below, against its own bounds.
    if (entry?.kind === 'close-up') continue;
    // A photo of the whole section covers it all (coverage 1): partial only for the heuristic tier (no SKU identity);
    // a heuristic result with no facing at all (an empty shelf) is scored by SKU.
    if (row.coverage !== 1 || (row.partial && row.tier !== 'HEURISTIC'))
      (entry?.kind === 'degraded' ? cutDegraded : cutFullViews).push(
        `${row.capture_id.slice(0, 12)} ${entry?.kind} ${row.tier} ${row.quality} partial ${row.partial} coverage ${row.coverage.toFixed(3)}`,
      );
    const aisle = entry && aisleOf.get(aisleKey(entry.store_id, entry.aisle));
    // Empty shelves are checked against 0 below, not against the aisle's stocked scene.
    if (!aisle || row.quality !== 'OK' || entry.kind === 'empty-shelf') continue;
    const truth = groundTruthScore(aisle.scene, aisle.planogram, row.tier === 'HEURISTIC' ? 'none' : 'sku');
    const list = diffs[row.tier] ?? [];
    list.push(Math.abs(row.score - truth));
    diffs[row.tier] = list;
  }
  assert.ok(Object.keys(diffs).length > 0, 'some captures of quality OK were scored');
  for (const [tier, list] of Object.entries(diffs)) {
    const mean = list.reduce((a, b) => a + b, 0) / list.length;
    const max = Math.max(...list);
    t.diagnostic(
      `${tier}: ${list.length} captures, |score - truth| mean ${mean.toFixed(1)} max ${max.toFixed(1)}`,
    );
    assert.ok(
      mean <= (TOLERANCE[tier] ?? 0),
      `${tier}: mean |score - truth| ${mean.toFixed(1)} over tolerance`,
    );
  }
  // A blurred or dark photo may lose the facings at the ends of a shelf, which the scorer cannot tell from a frame
  // that cut them off: reported, not failed.
  t.diagnostic(
    `degraded full views scored with coverage under 1: ${cutDegraded.length} ${cutDegraded.join('; ')}`,
  );
  assert.deepEqual(cutFullViews, [], 'full views have coverage 1, partial only for the heuristic tier');
});

/**
 * Close-up bounds, measured on E2E_CAPTURES=300 (21 close-ups, 8 aisles; an aisle's close-ups are the same image, so
 * the same score), all scored by REMOTE:
 * - |score - whole-scene truth| mean 15.6, max 24.3 (full views: 1.5). A perfect detector's view of the close-ups
 *   (closeUpView) is within 2.0 of the truth on average, max 8.7: most of the error is the detector's, which confuses
 *   SKUs shown 1.25x larger than in full views (e.g. CEREAL-500 read as PIZZA-350: 12 of 86 products of one close-up
 *   against 0 of 89 in the full view of its aisle), misses some and finds products on bare shelf. 20 leaves some room; scoring the cut-off products as out of stock (the issue's
 *   report) shows as out-of-stock SKUs beyond the scene's, bounded below.
 * - coverage 0.81-1 (mean 0.94), within 0.10 of the share of products at least half in view; 1 on aisles whose
 *   close-up cuts off under 10 % of the products (a 2-shelf endcap inside the crop, or a few edge products the
 *   detector still finds).
 * - out-of-stock SKUs the whole scene has not: 5 in 5 close-ups (never more than 1 per capture), each the only planned
 *   run of a SKU on the bottom shelf, which the frame's lower edge cuts through: products that show less than about
 *   half their height are not detected, and a shelf with detections is taken as in view, so they count as missing.
 */
const CLOSE_UP_TOLERANCE = Number(process.env['E2E_CLOSE_UP_TOLERANCE'] ?? 20);
/** Out-of-stock SKUs a close-up may have beyond the whole scene's: per capture, and on average. */
const CLOSE_UP_EXTRA_OOS = { max: 2, mean: 0.5 };
/** Largest |coverage - share of products at least half in view| of a close-up scored by a model tier. */
const CLOSE_UP_COVERAGE_SLACK = 0.15;
/** A close-up that cuts off at least this share of the scene's products must be scored with coverage under 1. */
const CLOSE_UP_CUT_OFF = 0.1;

/**
 * Close-ups (the scene's central 80 %, a phone held too close; issue 14 point 5) end SCORED over the part in view:
 * coverage under 1 and partial for a model tier where the frame cut products off (the heuristic tier cannot tell: its
 * coverage stays 1), the products outside the frame not seen instead of out of stock, so their out-of-stock SKUs are
 * about those of the whole scene and their scores near its truth. The truth is the whole scene's: a close-up's view
 * is scored as a sample of it.
 */
test('close-ups are scored over the part in view: partial coverage, not out of stock', async (t) => {
  const closeUps = [...kindOf()].filter(([, k]) => k === 'close-up').map(([id]) => id);
  assert.ok(closeUps.length > 0, 'the run has close-ups');
  const { rows } = await session.pool.query<{
    capture_id: string;
    score: number;
    partial: boolean;
    coverage: number;
    tier: string;
    quality: string;
    record: { skus: { sku: string; out_of_stock: boolean; not_seen: boolean }[]; supersedes: unknown };
  }>(
    `select capture_id, score, partial, coverage, tier, quality, record from shelfstream.compliance_results
      where capture_id = any($1)`,
    [closeUps],
  );
  assert.equal(rows.length, closeUps.length, 'every close-up is scored');
  const entryOf = originalOf();
  const aisleOf = new Map(session.aisles.map((a) => [aisleKey(a.storeId, a.aisle), a]));
  const model = rows.filter((r) => r.tier !== 'HEURISTIC');
  const lines: string[] = [];
  const errors: number[] = [];
  const signed: number[] = [];
  const viewErrors: number[] = [];
  const extras: number[] = [];
  /** Close-ups a model tier scored against these expectations. */
  const offCoverage: string[] = [];
  let notSeen = 0;
  for (const row of rows) {
    const entry = entryOf.get(row.capture_id);
    const aisle = entry && aisleOf.get(aisleKey(entry.store_id, entry.aisle));
    assert.ok(entry && aisle, `${row.capture_id}: a demo aisle`);
    const truth = groundTruthScore(aisle.scene, aisle.planogram, row.tier === 'HEURISTIC' ? 'none' : 'sku');
    const view = closeUpView(aisle.scene, aisle.planogram);
    const truthOos = truthOutOfStockSkus(entry);
    const oos = row.record.skus.filter((s) => s.out_of_stock).map((s) => s.sku);
    const extra = oos.filter((sku) => !truthOos.has(sku));
    notSeen += row.record.skus.filter((s) => s.not_seen).length;
    lines.push(
      `${row.capture_id.slice(0, 8)} ${entry.store_id}/${entry.aisle} ${row.tier} ${row.quality}: coverage ${row.coverage.toFixed(2)} (products in view ${(1 - view.cutOff).toFixed(2)}, perfect detector ${view.coverage.toFixed(2)}), score ${row.score.toFixed(1)} truth ${truth.toFixed(1)} (perfect detector ${view.score.toFixed(1)}), out of stock ${oos.length} (scene ${truthOos.size})${extra.length > 0 ? ` beyond the scene's: ${extra.join(', ')}` : ''}`,
    );
    if (row.tier === 'HEURISTIC') continue;
    const inView = 1 - view.cutOff;
    if (
      row.partial !== row.coverage < 1 ||
      (view.cutOff >= CLOSE_UP_CUT_OFF && !(row.coverage < 1)) ||
      Math.abs(row.coverage - inView) > CLOSE_UP_COVERAGE_SLACK
    )
      offCoverage.push(
        `${row.capture_id} partial ${row.partial} coverage ${row.coverage.toFixed(3)}, products in view ${inView.toFixed(3)}`,
      );
    extras.push(extra.length);
    if (row.quality !== 'OK') continue;
    errors.push(Math.abs(row.score - truth));
    signed.push(row.score - truth);
    viewErrors.push(Math.abs(view.score - truth));
  }
  const mean = (list: readonly number[]) => list.reduce((a, b) => a + b, 0) / Math.max(1, list.length);
  const coverages = model.map((r) => r.coverage);
  t.diagnostic(
    `${rows.length} close-ups, ${model.length} by a model tier: coverage ${Math.min(...coverages).toFixed(2)}-${Math.max(...coverages).toFixed(2)} (mean ${mean(coverages).toFixed(2)}), ${model.filter((r) => r.coverage < 1).length} under 1; |score - truth| mean ${mean(errors).toFixed(1)} max ${Math.max(0, ...errors).toFixed(1)} (score - truth mean ${mean(signed).toFixed(1)}) over ${errors.length} of quality OK, a perfect detector's ${mean(viewErrors).toFixed(1)} max ${Math.max(0, ...viewErrors).toFixed(1)}; out of stock beyond the scene's: ${extras.reduce((a, b) => a + b, 0)} SKUs in ${extras.filter((n) => n > 0).length} close-ups; ${notSeen} SKUs not seen`,
  );
  for (const line of lines) t.diagnostic(line);
  const recaptures = await readRecaptureReasons(session, new Set(distinct()));
  const askedLow = distinct().filter((id) => recaptures.get(id)?.includes('SCORING_LOW_COVERAGE'));
  const lowCoverage = askedLow.filter((id) => kindOf().get(id) === 'close-up');
  t.diagnostic(
    `${lowCoverage.length} of ${closeUps.length} close-ups got a SCORING_LOW_COVERAGE recapture request (coverage under SCORING_MIN_COVERAGE, 0.6)`,
  );
  assert.ok(model.length > 0, 'some close-ups were scored by a model tier');
  assert.deepEqual(offCoverage, [], 'close-ups: coverage follows the products in view, partial below 1');
  assert.ok(
    Math.max(0, ...extras) <= CLOSE_UP_EXTRA_OOS.max && mean(extras) <= CLOSE_UP_EXTRA_OOS.mean,
    `close-ups: out-of-stock SKUs beyond the scene's: max ${Math.max(0, ...extras)}, mean ${mean(extras).toFixed(2)}`,
  );
  assert.ok(
    mean(errors) <= CLOSE_UP_TOLERANCE,
    `close-ups: mean |score - truth| ${mean(errors).toFixed(1)} over ${CLOSE_UP_TOLERANCE}`,
  );
  // The request follows the first score's coverage: those under the threshold, and only those, ask for a recapture.
  const firstLow = rows
    .filter((r) => r.record.supersedes === null && r.coverage < 0.6)
    .map((r) => r.capture_id);
  assert.deepEqual([...lowCoverage].sort(), [...firstLow].sort(), 'recapture requests of low coverage');
  assert.deepEqual(
    askedLow.filter((id) => kindOf().get(id) !== 'close-up'),
    [],
    'no photo of the whole section is asked again for low coverage',
  );
});

test('photos with no shelf end UNSCORABLE: a reason code, a recapture request, no score and no rollup change', async () => {
  const noShelf = [...kindOf()].filter(([, k]) => k === 'no-shelf').map(([id]) => id);
  assert.ok(noShelf.length > 0, 'the run has no-shelf captures');
  const { rows } = await session.pool.query<{ capture_id: string; reason_code: string }>(
    'select capture_id, reason_code from shelfstream.unscorable_captures where capture_id = any($1)',
    [distinct()],
  );
  assert.deepEqual(
    rows.map((r) => r.capture_id).sort(),
    [...noShelf].sort(),
    'exactly the no-shelf captures',
  );
  for (const row of rows)
    assert.match(row.reason_code, /^SCORING_(NO_SHELF_FOUND|TOO_FEW_DETECTIONS)$/, row.capture_id);
  const compliance = await countByKey(session.kafka, session.topics.compliance);
  const unscorable = await countByKey(session.kafka, session.topics.unscorable);
  for (const id of noShelf) {
    assert.equal(compliance.get(id), undefined, `${id} has no compliance record`);
    assert.equal(unscorable.get(id), 1, `${id} has one CaptureUnscorable`);
  }
  const findings = await session.pool.query<{ n: string }>(
    'select count(*) as n from shelfstream.compliance_sku_findings where capture_id = any($1)',
    [noShelf],
  );
  assert.equal(Number(findings.rows[0]?.n), 0, 'no out-of-stock findings');
  // Rollups count scored captures only: the aisles' totals equal their compliance rows.
  const rollups = await session.pool.query<{ store_id: string; aisle: string; n: number; scored: string }>(
    `select r.store_id, r.aisle, sum(r.captures_scored)::int as n,
            (select count(*) from shelfstream.compliance_results c
              where c.store_id = r.store_id and c.aisle = r.aisle and c.capture_id = any($1)) as scored
       from shelfstream.compliance_rollups r where r.level = 'AISLE' group by r.store_id, r.aisle`,
    [distinct()],
  );
  for (const r of rollups.rows) assert.equal(r.n, Number(r.scored), `${r.store_id} ${r.aisle} rollup`);
  const recaptures = await readRecaptureReasons(session, new Set(noShelf));
  for (const id of noShelf)
    assert.ok(
      (recaptures.get(id) ?? []).some((r) => r.startsWith('SCORING_')),
      `${id} has a recapture request with its scoring code`,
    );
});

/**
 * Empty shelves end SCORED (never UNSCORABLE: their shelf lines are seen). A model tier that finds nothing there keeps
 * its empty answer, so the capture scores 0 with every planned SKU out of stock. Where the detector puts a few weak
 * boxes on the bare fixture, the answer falls back (mean confidence under MIN_MEAN_CONFIDENCE) to the heuristic tier,
 * which counts a pegboard's holes as facings: known, measured on this run's aisles (1 of 9 empty fixtures), and left
 * to the heuristic (README: unscorable photos). So: model-tier scores must be 0-5 with at least 80 % of the planned SKUs
 * out of stock, and at least two thirds of all empty shelves must score 0.
 */
test('empty shelves score 0 with every planned SKU out of stock', async (t) => {
  const empty = [...kindOf()].filter(([, k]) => k === 'empty-shelf').map(([id]) => id);
  assert.ok(empty.length > 0, 'the run has empty-shelf captures');
  const { rows } = await session.pool.query<{
    capture_id: string;
    score: number;
    tier: string;
    record: { skus: { out_of_stock: boolean; facings_expected: number }[] };
  }>(
    'select capture_id, score, tier, record from shelfstream.compliance_results where capture_id = any($1)',
    [empty],
  );
  assert.equal(rows.length, empty.length, 'every empty shelf is scored');
  t.diagnostic(
    `${rows.length} empty shelves: ${rows.map((r) => `${r.tier} ${r.score.toFixed(1)}`).join(', ')}`,
  );
  for (const row of rows.filter((r) => r.tier !== 'HEURISTIC')) {
    assert.ok(row.score <= 5, `${row.capture_id}: ${row.tier} scored an empty shelf ${row.score}`);
    const planned = row.record.skus.filter((s) => s.facings_expected > 0);
    assert.ok(planned.length > 0, `${row.capture_id} lists its planned SKUs`);
    const outOfStock = planned.filter((s) => s.out_of_stock).length;
    assert.ok(
      outOfStock >= 0.8 * planned.length,
      `${row.capture_id}: ${outOfStock}/${planned.length} out of stock`,
    );
  }
  const zero = rows.filter((r) => r.score === 0).length;
  assert.ok(zero >= (2 / 3) * rows.length, `${zero} of ${rows.length} empty shelves scored 0`);
});

test('drifted captures are held, then scored once their planogram version is published', async () => {
  const drift = entries.filter((e) => e.kind === 'drift');
  assert.ok(drift.length > 0, 'the run has drift captures');
  const report = await session.publishVersion2AndReprocess(
    new Set(drift.map((e) => aisleKey(e.store_id, e.aisle))),
  );
  assert.equal(report.republished, drift.length);
  const ids = drift.map((e) => e.capture_id);
  const done = await waitFor(
    'drift captures scored',
    async () => {
      const p = await readProgress(session.pool, ids);
      return p.byState['SCORED'] === ids.length ? p : undefined;
    },
    90_000,
  ).catch(async () => readProgress(session.pool, ids));
  assert.equal(done.byState['SCORED'], ids.length, JSON.stringify(done.byState));
  const { rows } = await session.pool.query<{ planogram_version: number }>(
    'select planogram_version from shelfstream.compliance_results where capture_id = any($1)',
    [ids],
  );
  assert.deepEqual(
    rows.map((r) => r.planogram_version),
    ids.map(() => 2),
  );
  const records = await readComplianceRecords(session);
  for (const id of ids) assertScoredOnce(records, id);
});

test('every metric the dashboards and alert rules rely on is exported by a live service', async () => {
  // deploy/validate checks that rules and dashboards name only metrics in exported-metrics.txt; this checks that
  // list against live /metrics scrapes of every running service, so together the dashboards see real metrics.
  const listed = readFileSync(path.join(options.repoRoot, 'deploy/validate/exported-metrics.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name.startsWith('shelfstream_'));
  const scraped = new Set<string>();
  for (const [name, port] of Object.entries(session.mesh.ports)) {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    assert.equal(response.status, 200, `${name} /metrics`);
    for (const match of (await response.text()).matchAll(/^# TYPE (\S+) /gm)) scraped.add(match[1] as string);
  }
  const missing = listed.filter((name) => !scraped.has(name));
  assert.deepEqual(
    missing,
    [],
    `listed in exported-metrics.txt but exported by no service: ${missing.join(', ')}`,
  );
});
