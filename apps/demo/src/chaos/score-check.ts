/** A scored capture as read from compliance_results, with its generator ground truth. */
export interface ScoredCapture {
  readonly captureId: string;
  readonly tier: string;
  readonly quality: string;
  readonly score: number;
  /** Score of the generator's true boxes against the same planogram; `undefined` when unknown. */
  readonly truth: number | undefined;
}

/** Per-tier outcome of the ground-truth comparison. */
export interface TierScoreCheck {
  readonly tier: string;
  readonly captures: number;
  readonly meanAbsDiff: number;
  readonly maxAbsDiff: number;
  readonly tolerance: number;
  /** False when the tier had too few captures for its mean to say anything (see {@link checkScores}). */
  readonly judged: boolean;
  /** Within tolerance, or not judged. */
  readonly ok: boolean;
}

/**
 * Fewest captures of a tier for the chaos run to judge its mean: which captures fall to a fallback tier depends on
 * when the faults hit, and the heuristic's error per capture spans 0-100 points (no SKU identity), so the mean of a
 * handful says nothing (19 of them measured 62.6 against a tolerance of 60 in a 2,000-capture run; 2-3 of them 49-59
 * in short runs). The model tiers, hundreds of captures per run, are always judged.
 */
export const MIN_JUDGED_CAPTURES = 30;

/**
 * Largest mean |score - ground truth| per tier (percentage points), those of test/e2e/pipeline.test.ts
 * (E2E_SKU_TOLERANCE / E2E_HEURISTIC_TOLERANCE override them there and here).
 */
export function e2eTolerances(env: NodeJS.ProcessEnv = process.env): Record<string, number> {
  const sku = Number(env['E2E_SKU_TOLERANCE'] ?? 6);
  return { REMOTE: sku, EDGE: sku, HEURISTIC: Number(env['E2E_HEURISTIC_TOLERANCE'] ?? 60) };
}

/**
 * Compares scores with the ground truth per tier (pure), over captures of quality OK (blur is meant to hurt):
 * a tier passes when its mean |score - truth| is within its tolerance. An unknown tier has tolerance 0. A tier with
 * fewer than `minCaptures` captures is reported but not judged.
 */
export function checkScores(
  captures: readonly ScoredCapture[],
  tolerances: Readonly<Record<string, number>>,
  minCaptures = 1,
): TierScoreCheck[] {
  const diffs = new Map<string, number[]>();
  for (const c of captures) {
    if (c.quality !== 'OK' || c.truth === undefined) continue;
    const list = diffs.get(c.tier) ?? [];
    list.push(Math.abs(c.score - c.truth));
    diffs.set(c.tier, list);
  }
  return [...diffs]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tier, list]) => {
      const mean = list.reduce((a, b) => a + b, 0) / list.length;
      const tolerance = tolerances[tier] ?? 0;
      const judged = list.length >= minCaptures;
      return {
        tier,
        captures: list.length,
        meanAbsDiff: mean,
        maxAbsDiff: Math.max(...list),
        tolerance,
        judged,
        ok: !judged || mean <= tolerance,
      };
    });
}

/** One line per tier: `EDGE: 120 captures, |score - truth| mean 1.3 max 9.0 (tolerance 6) ok`. */
export function formatScoreCheck(checks: readonly TierScoreCheck[]): string[] {
  return checks.map(
    (c) =>
      `${c.tier}: ${c.captures} captures, |score - truth| mean ${c.meanAbsDiff.toFixed(1)} max ${c.maxAbsDiff.toFixed(1)} ` +
      `(tolerance ${c.tolerance}) ${c.judged ? (c.ok ? 'ok' : 'OVER TOLERANCE') : `not judged: fewer than ${MIN_JUDGED_CAPTURES} captures`}`,
  );
}
