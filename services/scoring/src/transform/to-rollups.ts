import type { ComplianceRollup } from '@shelfstream/contracts';
import type { RollupWindow } from './rollup-window.js';

/** What one aisle of a store scored in a window: counts of all its captures, figures of its latest capture. */
export interface AisleSummary {
  readonly aisle: string;
  readonly capturesScored: number;
  readonly degradedCaptures: number;
  readonly latestScore: number;
  readonly latestOutOfStock: number;
  readonly latestMisplaced: number;
}

/** The two rollups one scored capture updates, with their record keys on the compacted rollups topic. */
export interface CaptureRollups {
  readonly aisle: { readonly key: string; readonly value: ComplianceRollup };
  readonly store: { readonly key: string; readonly value: ComplianceRollup };
}

/** The key of an aisle rollup (`store_id|aisle`) and of a store rollup (`store_id`) on the rollups topic. */
export function rollupKey(storeId: string, aisle: string | null): string {
  return aisle === null ? storeId : `${storeId}|${aisle}`;
}

/**
 * Builds the aisle rollup of `aisle` and the store rollup from the window's per-aisle summaries of the store:
 * capture counts over the window, score and findings of the latest capture per aisle (the store's mean score is the
 * mean over its aisles' latest captures; its findings are their sums).
 *
 * @throws Error when `summaries` lacks `aisle` (a caller bug: the capture just scored is in its own window).
 */
export function toRollups(
  storeId: string,
  aisle: string,
  window: RollupWindow,
  summaries: readonly AisleSummary[],
  lastCaptureId: string,
  updatedAt: number,
): CaptureRollups {
  const own = summaries.find((s) => s.aisle === aisle);
  if (!own) throw new Error(`no summary for aisle ${aisle} of store ${storeId}`);
  const common = {
    store_id: storeId,
    window_start: window.start,
    window_end: window.end,
    last_capture_id: lastCaptureId,
    updated_at: updatedAt,
  };
  const sum = (pick: (s: AisleSummary) => number) => summaries.reduce((total, s) => total + pick(s), 0);
  return {
    aisle: {
      key: rollupKey(storeId, aisle),
      value: {
        ...common,
        level: 'AISLE',
        aisle,
        captures_scored: own.capturesScored,
        degraded_captures: own.degradedCaptures,
        mean_score: own.latestScore,
        out_of_stock_count: own.latestOutOfStock,
        misplaced_count: own.latestMisplaced,
      },
    },
    store: {
      key: rollupKey(storeId, null),
      value: {
        ...common,
        level: 'STORE',
        aisle: null,
        captures_scored: sum((s) => s.capturesScored),
        degraded_captures: sum((s) => s.degradedCaptures),
        mean_score: sum((s) => s.latestScore) / summaries.length,
        out_of_stock_count: sum((s) => s.latestOutOfStock),
        misplaced_count: sum((s) => s.latestMisplaced),
      },
    },
  };
}
