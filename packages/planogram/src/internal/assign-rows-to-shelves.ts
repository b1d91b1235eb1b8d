/**
 * Places r rows (r < k) on k shelf slots, in order (row i above row i+1 => slot i < slot i+1),
 * minimising a cost by dynamic programming. Ties go to the smaller slot, so with no other
 * evidence the empty shelves end up at the bottom.
 */
function assignMonotone(
  rows: number,
  slots: number,
  startCost: (slot: number) => number,
  stepCost: (row: number, from: number, to: number) => number,
): number[] {
  const best: number[][] = [];
  const from: number[][] = [];
  best.push(Array.from({ length: slots }, (_, s) => startCost(s)));
  from.push(Array.from({ length: slots }, () => -1));
  for (let i = 1; i < rows; i++) {
    const prev = best[i - 1]!;
    const costs: number[] = [];
    const back: number[] = [];
    for (let s = 0; s < slots; s++) {
      let bestCost = Number.POSITIVE_INFINITY;
      let bestFrom = -1;
      for (let p = 0; p < s; p++) {
        const c = prev[p]! + stepCost(i, p, s);
        if (c < bestCost) {
          bestCost = c;
          bestFrom = p;
        }
      }
      costs.push(bestCost);
      back.push(bestFrom);
    }
    best.push(costs);
    from.push(back);
  }
  const last = best[rows - 1]!;
  let slot = 0;
  for (let s = 1; s < slots; s++) if (last[s]! < last[slot]!) slot = s;
  const assignment = new Array<number>(rows);
  for (let i = rows - 1; i >= 0; i--) {
    assignment[i] = slot;
    slot = from[i]![slot]!;
  }
  return assignment;
}

/**
 * With the image height known, shelves are assumed to split the frame into k equal bands (the
 * capture guide asks for the fixture to fill the frame): minimise the squared distance of each
 * row centre from its slot's band centre `(slot + 0.5) * imageHeight / k`.
 */
export function assignRowsByBands(
  rowCentres: readonly number[],
  shelfCount: number,
  imageHeight: number,
): number[] {
  const band = imageHeight / shelfCount;
  const cost = (row: number, slot: number): number => (rowCentres[row]! - (slot + 0.5) * band) ** 2;
  return assignMonotone(
    rowCentres.length,
    shelfCount,
    (slot) => cost(0, slot),
    (row, _from, to) => cost(row, to),
  );
}

/**
 * Without the image height, only the gaps between rows say where shelves are missing: a gap of
 * about n shelf pitches means n - 1 empty shelves between two rows. Minimises
 * `sum (gap_i - (slot_{i+1} - slot_i) * pitch)^2`; shelves left over go to the bottom.
 */
export function assignRowsByGaps(rowCentres: readonly number[], shelfCount: number, pitch: number): number[] {
  return assignMonotone(
    rowCentres.length,
    shelfCount,
    () => 0,
    (row, from, to) => (rowCentres[row]! - rowCentres[row - 1]! - (to - from) * pitch) ** 2,
  );
}
