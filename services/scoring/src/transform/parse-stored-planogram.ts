import type { ActivePlanogram } from '@shelfstream/db';
import { type Planogram, parsePlanogram } from '@shelfstream/planogram';

/** The active planogram's stored document, validated again (it may predate a stricter validator). */
export function parseStoredPlanogram(active: ActivePlanogram): ReturnType<typeof parsePlanogram> {
  return parsePlanogram(active.document as Planogram);
}
