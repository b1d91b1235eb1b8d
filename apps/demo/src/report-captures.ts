import type { ManifestEntry } from '@shelfstream/device-simulator';
import { SKU_CATALOG } from '@shelfstream/synthetic-shelf';
import { type CaptureStateRow, readCaptureStates } from './capture-progress.js';
import type { DemoSession } from './demo-session.js';
import type { ReportCapture, SupersededScore } from './html-report.js';
import { readDetections } from './read-detections.js';

/**
 * Joins the manifest, the state tracker's table, the scores (with the earlier scores a re-score replaced, from
 * superseded_results) and the detections into the HTML report's cards.
 */
export async function buildReportCaptures(
  session: DemoSession,
  entries: readonly ManifestEntry[],
): Promise<ReportCapture[]> {
  const originals = entries.filter((e) => e.duplicate_of === null);
  const ids = originals.map((e) => e.capture_id);
  const stateOf = await readCaptureStates(session.pool, ids);
  const scores = await session.pool.query<{
    capture_id: string;
    score: number;
    tier: string;
    quality: string;
    record: { skus: { sku: string; out_of_stock: boolean; misplaced: boolean }[] };
    superseded: SupersededScore[];
  }>(
    `select r.capture_id, r.score, r.tier, r.quality, r.record,
       coalesce(s.superseded, '[]'::json) as superseded
       from shelfstream.compliance_results r
       left join lateral (
         select json_agg(json_build_object('tier', x.tier, 'score', x.score) order by x.superseded_at desc) as superseded
           from shelfstream.superseded_results x
          where x.capture_id = r.capture_id
       ) s on true
      where r.capture_id = any($1)`,
    [ids],
  );
  const scoreOf = new Map(scores.rows.map((r) => [r.capture_id, r]));
  // The detections of the tier that scored last: a re-scored capture has the earlier tier's on the topic too.
  const detections = await readDetections(
    session.kafka,
    session.codec,
    session.topics.detections,
    new Map(scores.rows.map((r) => [r.capture_id, r.tier])),
  );
  const { width, height } = session.options;
  const nameOf = new Map(SKU_CATALOG.map((sku) => [sku.id, sku.name]));
  return originals.map((e) => {
    const st = stateOf.get(e.capture_id);
    const sc = scoreOf.get(e.capture_id);
    const det = detections.get(e.capture_id);
    return {
      captureId: e.capture_id,
      storeId: e.store_id,
      aisle: e.aisle,
      kind: e.kind,
      channel: e.channel,
      imagePath: `images/${e.capture_id}.jpg`,
      width,
      height,
      state: st ? stateWithReason(st) : 'UNKNOWN',
      score: sc ? sc.score : null,
      tier: sc?.tier ?? null,
      superseded: sc?.superseded ?? [],
      quality: sc?.quality ?? null,
      boxes: (det?.detections ?? []).map((d) => ({
        x1: d.x1,
        y1: d.y1,
        x2: d.x2,
        y2: d.y2,
        label: d.sku ? (nameOf.get(d.sku) ?? d.sku) : 'facing (no SKU)',
      })),
      outOfStock: (sc?.record.skus ?? []).filter((k) => k.out_of_stock).map((k) => k.sku),
      misplaced: (sc?.record.skus ?? []).filter((k) => k.misplaced).map((k) => k.sku),
    };
  });
}

/** `DEAD_LETTERED (reason)`, `UNSCORABLE (reason)` or the bare state. */
function stateWithReason(st: CaptureStateRow): string {
  const reason = st.state === 'UNSCORABLE' ? st.unscorable_reason : st.dead_letter_reason;
  return reason ? `${st.state} (${reason})` : st.state;
}
