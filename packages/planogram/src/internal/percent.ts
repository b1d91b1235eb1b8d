import { WEIGHT_UNIT } from '../confidence-weight.js';

/**
 * `min(100, 100 * weightUnits / (facings * WEIGHT_UNIT))` with one rounding step, so that
 * k whole facings out of E give exactly the double nearest to 100 * k / E. 100 when nothing is expected.
 */
export function percentOf(weightUnits: number, facings: number): number {
  if (facings <= 0) return 100;
  return Math.min(100, (weightUnits * 100) / (facings * WEIGHT_UNIT));
}
