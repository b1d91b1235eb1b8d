/** One column of a shelf alignment, left to right. Indices point into the two input sequences. */
export type AlignmentStep =
  /** A detection of the planned SKU on a planned slot. `weight` in millionths of a facing. */
  | { readonly kind: 'match'; readonly expected: number; readonly detected: number; readonly weight: number }
  /** A planned slot no detection was aligned to (an empty or wrongly filled slot). */
  | { readonly kind: 'missing'; readonly expected: number }
  /** A detection aligned to no planned slot (wrong SKU, wrong position, surplus, or no SKU). */
  | { readonly kind: 'extra'; readonly detected: number };

/** Result of {@link alignShelf}. */
export interface ShelfAlignment {
  readonly steps: readonly AlignmentStep[];
  /** Sum of the weights of matched steps, in millionths of a facing: the optimum of the alignment. */
  readonly matchedWeight: number;
}

/**
 * Needleman-Wunsch global alignment of a shelf's planned facing sequence (each SKU repeated
 * `facings` times, left to right) with its detected SKU sequence (left to right).
 *
 * Scores, maximised: match (same SKU) = +weight of the detection (see `confidenceWeight`);
 * mismatch = not allowed (a different SKU on a slot costs the same as leaving both unaligned);
 * gap (missing slot or extra detection) = 0. The optimum is therefore the heaviest common
 * subsequence: order matters, a facing found out of planned order is not a match. Ties are broken
 * reading the shelf left to right: match if that stays optimal, else leave the detection extra,
 * else leave the planned slot missing. So the earliest possible matches are taken: of two SKUs that
 * trade places, the SKU planned further left keeps its matches and the other is misplaced.
 *
 * Time and memory O(planned x detected).
 */
export function alignShelf(
  planned: readonly string[],
  detected: readonly (string | null)[],
  weights: readonly number[],
): ShelfAlignment {
  const n = planned.length;
  const m = detected.length;
  const width = m + 1;
  // best[i * width + j]: optimum for the suffixes planned[i..] and detected[j..], so that the
  // traceback can run left to right.
  const best = new Float64Array((n + 1) * width);
  const at = (i: number, j: number): number => best[i * width + j]!;
  const matches = (i: number, j: number): boolean => planned[i] === detected[j];
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      let value = Math.max(at(i + 1, j), at(i, j + 1));
      if (matches(i, j)) value = Math.max(value, at(i + 1, j + 1) + weights[j]!);
      best[i * width + j] = value;
    }
  }
  const steps: AlignmentStep[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const here = at(i, j);
    if (i < n && j < m && matches(i, j) && here === at(i + 1, j + 1) + weights[j]!) {
      steps.push({ kind: 'match', expected: i, detected: j, weight: weights[j]! });
      i++;
      j++;
    } else if (j < m && here === at(i, j + 1)) {
      steps.push({ kind: 'extra', detected: j });
      j++;
    } else {
      steps.push({ kind: 'missing', expected: i });
      i++;
    }
  }
  return { steps, matchedWeight: at(0, 0) };
}

/**
 * {@link alignShelf} with the opposite tie-break: of equally heavy alignments, the one whose matches lie as far right
 * as possible (both sequences aligned reversed, the steps mapped back). Same matched weight.
 */
export function alignShelfLatest(
  planned: readonly string[],
  detected: readonly (string | null)[],
  weights: readonly number[],
): ShelfAlignment {
  const n = planned.length;
  const m = detected.length;
  const reversed = alignShelf([...planned].reverse(), [...detected].reverse(), [...weights].reverse());
  const steps = reversed.steps
    .map((step): AlignmentStep => {
      if (step.kind === 'match')
        return {
          kind: 'match',
          expected: n - 1 - step.expected,
          detected: m - 1 - step.detected,
          weight: step.weight,
        };
      if (step.kind === 'missing') return { kind: 'missing', expected: n - 1 - step.expected };
      return { kind: 'extra', detected: m - 1 - step.detected };
    })
    .reverse();
  return { steps, matchedWeight: reversed.matchedWeight };
}
