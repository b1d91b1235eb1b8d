import { iou } from './iou.js';
import type { Detection, TruthBox } from './types.js';

/** AP and recall of one class. */
export interface ClassMetrics {
  classIndex: number;
  /** VOC-style all-point interpolated average precision at IoU 0.5. */
  ap50: number;
  /** Share of ground-truth boxes matched by some prediction (at any score). */
  recall: number;
  groundTruths: number;
  predictions: number;
}

/** Result of {@link evaluateMap50}. */
export interface MapResult {
  /** Mean of `ap50` over classes that have at least one ground-truth box. */
  map50: number;
  perClass: ClassMetrics[];
}

/** Options of {@link evaluateMap50}. */
export interface EvaluateOptions {
  /** @default 0.5 */
  iouThreshold?: number;
}

/**
 * Mean average precision at IoU 0.5 over images: `predictions[i]` and `truths[i]` belong to image i. Each
 * ground-truth box matches at most one prediction of its class (highest score first); duplicates count as
 * false positives. Classes without ground truth are left out of the mean.
 */
export function evaluateMap50(
  predictions: readonly (readonly Detection[])[],
  truths: readonly (readonly TruthBox[])[],
  options: EvaluateOptions = {},
): MapResult {
  if (predictions.length !== truths.length)
    throw new RangeError(`got predictions for ${predictions.length} images and truths for ${truths.length}`);
  const threshold = options.iouThreshold ?? 0.5;
  const classes = new Set<number>();
  for (const t of truths) for (const b of t) classes.add(b.classIndex);
  const perClass: ClassMetrics[] = [];
  for (const c of [...classes].sort((a, b) => a - b)) {
    const scored: { score: number; tp: boolean }[] = [];
    let groundTruths = 0;
    predictions.forEach((preds, img) => {
      const gt = (truths[img] ?? []).filter((b) => b.classIndex === c);
      groundTruths += gt.length;
      const used = new Array<boolean>(gt.length).fill(false);
      const mine = preds.filter((p) => p.classIndex === c).sort((a, b) => b.score - a.score);
      for (const p of mine) {
        let best = -1;
        let bestIou = threshold;
        gt.forEach((g, j) => {
          const v = iou(p, g);
          if (v >= bestIou && !used[j]) {
            bestIou = v;
            best = j;
          }
        });
        if (best >= 0) used[best] = true;
        scored.push({ score: p.score, tp: best >= 0 });
      }
    });
    scored.sort((a, b) => b.score - a.score);
    let tp = 0;
    const recall: number[] = [];
    const precision: number[] = [];
    scored.forEach((s, i) => {
      if (s.tp) tp++;
      recall.push(tp / groundTruths);
      precision.push(tp / (i + 1));
    });
    perClass.push({
      classIndex: c,
      ap50: averagePrecision(recall, precision),
      recall: tp / groundTruths,
      groundTruths,
      predictions: scored.length,
    });
  }
  const map50 = perClass.length ? perClass.reduce((a, m) => a + m.ap50, 0) / perClass.length : 0;
  return { map50, perClass };
}

/** Area under the precision envelope (VOC 2010+ all-point interpolation). */
function averagePrecision(recall: readonly number[], precision: readonly number[]): number {
  const r = [0, ...recall, 1];
  const p = [1, ...precision, 0];
  for (let i = p.length - 2; i >= 0; i--) p[i] = Math.max(p[i] as number, p[i + 1] as number);
  let ap = 0;
  for (let i = 1; i < r.length; i++) ap += ((r[i] as number) - (r[i - 1] as number)) * (p[i] as number);
  return ap;
}
