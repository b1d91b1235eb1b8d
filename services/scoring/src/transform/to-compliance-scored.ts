import type {
  ComplianceScored,
  DetectionsProduced,
  SkuFinding,
  SupersededScore,
} from '@shelfstream/contracts';
import type { ComplianceResult, Planogram } from '@shelfstream/planogram';
import { captureIdentity } from './capture-identity.js';

/** Key of {@link ComplianceScored.share_of_shelf} for facings whose brand is unknown (Avro map keys are strings). */
export const UNKNOWN_BRAND = 'unknown';

/** What besides the score goes into a ComplianceScored record. */
export interface ComplianceContext {
  readonly record: DetectionsProduced;
  readonly planogram: Planogram;
  readonly planogramId: string;
  readonly scoredAt: number;
  /** The capture's earlier score this one replaces (a re-score by a better tier); null for a first score. */
  readonly supersedes?: SupersededScore | null;
}

/**
 * Maps `scoreCapture`'s camelCase result onto the snake_case Avro ComplianceScored record: per shelf the matched
 * facings, per SKU the planned shelf (the first shelf that plans it) and the catalog brand, share of shelf in percent.
 */
export function toComplianceScored(result: ComplianceResult, context: ComplianceContext): ComplianceScored {
  const { record, planogram } = context;
  const plannedShelf = firstPlannedShelf(planogram);
  const skus: SkuFinding[] = result.skus.map((s) => ({
    sku: s.sku,
    brand: planogram.catalog?.[s.sku]?.brand ?? null,
    shelf_index: plannedShelf.get(s.sku) ?? null,
    facings_found: s.facingsFound,
    facings_expected: s.facingsExpected,
    out_of_stock: s.outOfStock,
    not_seen: s.notSeen,
    misplaced: s.misplaced,
    unexpected: s.unexpected,
  }));
  const shareOfShelf: Record<string, number> = {};
  for (const share of result.shareOfShelf) {
    const key = share.brand ?? UNKNOWN_BRAND;
    shareOfShelf[key] = (shareOfShelf[key] ?? 0) + share.share * 100;
  }
  return {
    ...captureIdentity(record),
    planogram_id: context.planogramId,
    score: result.score,
    partial: result.partial,
    tier: record.tier,
    model_id: record.model_id,
    model_version: record.model_version,
    quality: record.quality,
    shelves: result.shelves.map((s) => ({
      shelf_index: s.index,
      compliance_pct: s.compliance,
      facings_found: s.facingsMatched,
      facings_expected: s.facingsExpected,
      facings_not_seen: s.facingsNotSeen,
    })),
    skus,
    out_of_stock_count: skus.filter((s) => s.out_of_stock).length,
    misplaced_count: skus.filter((s) => s.misplaced).length,
    unexpected_count: skus.filter((s) => s.unexpected).length,
    share_of_shelf: shareOfShelf,
    scored_at: context.scoredAt,
    supersedes: context.supersedes ?? null,
    coverage: result.coverage,
  };
}

function firstPlannedShelf(planogram: Planogram): Map<string, number> {
  const first = new Map<string, number>();
  planogram.shelves.forEach((shelf, index) => {
    for (const run of shelf.facings) if (!first.has(run.sku)) first.set(run.sku, index);
  });
  return first;
}
