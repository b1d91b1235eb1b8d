import type { Queryable } from '../queryable.js';
import { type CaptureRow, toSnapshot } from './capture-row.js';
import type { CaptureSnapshot } from './capture-state.js';

/** Scored captures whose score is older than `scoredBefore` (epoch ms), oldest first: the archival job's work. */
export async function archivableCaptures(
  db: Queryable,
  scoredBefore: number,
  limit: number,
): Promise<CaptureSnapshot[]> {
  const result = await db.query<CaptureRow>(
    `select * from shelfstream.captures where state = 'SCORED' and scored_at < $1 order by scored_at limit $2`,
    [new Date(scoredBefore), limit],
  );
  return result.rows.map(toSnapshot);
}
