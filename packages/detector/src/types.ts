/** An axis-aligned box in pixels (x2/y2 are the far edges). */
export interface Box {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** One detection: a box, its best class and that class's score (0-1). */
export interface Detection extends Box {
  classIndex: number;
  score: number;
}

/** A ground-truth box for evaluation. */
export interface TruthBox extends Box {
  classIndex: number;
}
