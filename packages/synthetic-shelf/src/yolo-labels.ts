import type { SceneBox } from './types.js';

/**
 * YOLO label lines for a scene (`class cx cy w h`, normalised to 0-1, six decimals), one line per box.
 */
export function toYoloLabels(boxes: readonly SceneBox[], width: number, height: number): string {
  return boxes
    .map((b) => {
      const cx = (b.x1 + b.x2) / 2 / width;
      const cy = (b.y1 + b.y2) / 2 / height;
      const w = (b.x2 - b.x1) / width;
      const h = (b.y2 - b.y1) / height;
      return `${b.classIndex} ${cx.toFixed(6)} ${cy.toFixed(6)} ${w.toFixed(6)} ${h.toFixed(6)}`;
    })
    .join('\n');
}

/** One parsed YOLO label line. */
export interface YoloLabel {
  classIndex: number;
  cx: number;
  cy: number;
  w: number;
  h: number;
}

/** Parses YOLO label text back into numbers; blank lines are skipped. */
export function parseYoloLabels(text: string): YoloLabel[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [c, cx, cy, w, h] = line.trim().split(/\s+/).map(Number);
      if ([c, cx, cy, w, h].some((v) => v === undefined || !Number.isFinite(v)))
        throw new SyntaxError(`bad YOLO label line: ${line}`);
      return { classIndex: c as number, cx: cx as number, cy: cy as number, w: w as number, h: h as number };
    });
}
