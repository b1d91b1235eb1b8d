import type { DetectionsProduced } from '@shelfstream/contracts';

/** What a tier found: boxes of a model tier, facings of the heuristic tier (which may report counts without boxes). */
export function detectionsFound(record: DetectionsProduced): number {
  const facings = record.shelf_facings.reduce((sum, shelf) => sum + Math.max(0, shelf.facings), 0);
  return Math.max(record.detections.length, facings);
}
