import type { Pool } from '@shelfstream/db';

/** One store aisle's line of the compliance report. */
export interface AisleReportRow {
  readonly store_id: string;
  readonly aisle: string;
  readonly captures: number;
  readonly mean_score: number;
  readonly degraded: number;
  readonly out_of_stock: number;
  readonly misplaced: number;
  readonly tiers: string;
}

/** Per store and aisle: scored captures, mean score, findings and tiers, for the given captures. */
export async function readAisleReport(pool: Pool, captureIds: readonly string[]): Promise<AisleReportRow[]> {
  const { rows } = await pool.query<AisleReportRow>(
    `select store_id, aisle, count(*)::int as captures, avg(score)::float8 as mean_score,
       count(*) filter (where quality = 'DEGRADED')::int as degraded,
       sum(out_of_stock_count)::int as out_of_stock, sum(misplaced_count)::int as misplaced,
       string_agg(distinct tier, ',') as tiers
     from shelfstream.compliance_results where capture_id = any($1)
     group by store_id, aisle order by store_id, aisle`,
    [captureIds],
  );
  return rows;
}

/** The report as aligned text, with a per-store mean line. */
export function formatAisleReport(rows: readonly AisleReportRow[]): string {
  const lines = ['store      aisle  scored  mean%  degraded  OOS  misplaced  tiers'];
  let store = '';
  const flush = (id: string) => {
    const mine = rows.filter((r) => r.store_id === id);
    const mean = mine.reduce((a, r) => a + r.mean_score, 0) / Math.max(1, mine.length);
    lines.push(
      `${id.padEnd(10)} (all)  ${String(mine.reduce((a, r) => a + r.captures, 0)).padStart(6)}  ${mean.toFixed(1).padStart(5)}`,
    );
  };
  for (const r of rows) {
    if (store && r.store_id !== store) flush(store);
    store = r.store_id;
    lines.push(
      `${r.store_id.padEnd(10)} ${r.aisle.padEnd(6)} ${String(r.captures).padStart(6)}  ${r.mean_score.toFixed(1).padStart(5)}  ${String(r.degraded).padStart(8)}  ${String(r.out_of_stock).padStart(3)}  ${String(r.misplaced).padStart(9)}  ${r.tiers}`,
    );
  }
  if (store) flush(store);
  return lines.join('\n');
}
