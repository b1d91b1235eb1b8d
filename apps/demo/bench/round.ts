/** `value` rounded to `digits` decimals: the precision the benchmark's figures are written with. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
