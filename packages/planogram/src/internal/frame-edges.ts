import type { AlignmentStep } from '../align-shelf.js';
import { median } from './median.js';
import type { PlacedDetection } from './placed-detection.js';

/**
 * A slot (or a shelf) counts as in view when the photo shows at least `1 - IN_VIEW_SLACK` of its width (height)
 * beyond the last box: an empty place in full view shows a whole facing (a whole shelf pitch), while what is left
 * beside a product the frame cut off is at most about half a facing.
 */
export const IN_VIEW_SLACK = 0.2;

/**
 * A box this close to a frame edge (in facings) is cut by it: then even the facings of a run of one SKU beyond it
 * are out of frame. Farther from the edge, only whole planned SKUs missing at the shelf's end count, as far as the
 * visible space cannot hold them: a run one facing short may just be packed tighter than planned.
 */
export const CLIPPED_BOX = 0.35;

/** The frame the detections were found in; an unknown side leaves that direction fully in view. */
export interface Frame {
  /** Image width in pixels; undefined: left and right edges unknown, no slot is taken for out of frame. */
  readonly width: number | undefined;
  /** Image height in pixels; undefined: top and bottom edges unknown. */
  readonly height: number | undefined;
  /** Median box width of the whole capture (pixels). */
  readonly facingWidth: number;
}

/** The frame of a capture (a non-positive size counts as unknown). */
export function frameOf(
  width: number | undefined,
  height: number | undefined,
  detections: readonly PlacedDetection[],
): Frame {
  return {
    width: width !== undefined && width > 0 ? width : undefined,
    height: height !== undefined && height > 0 ? height : undefined,
    facingWidth: median(detections.map((d) => d.x2 - d.x1)),
  };
}

/** The first and the last matched step of an alignment, or undefined without a match. */
function matchBounds(steps: readonly AlignmentStep[]) {
  const matches = steps.filter((s): s is Extract<AlignmentStep, { kind: 'match' }> => s.kind === 'match');
  const first = matches[0];
  const last = matches[matches.length - 1];
  return first === undefined || last === undefined ? undefined : { first, last, count: matches.length };
}

/**
 * Planned slots of one shelf that lie outside the frame, to the left and to the right. The planned slots before the
 * first matched one (less one per detection standing left of that match: it fills a slot in view) are out of frame
 * as far as the visible shelf left of the leftmost box cannot hold them, counted in facings of the shelf's median box
 * width or the capture's, whichever is narrower (see IN_VIEW_SLACK); likewise on the right. So a facing missing at the end of a shelf in full view stays missing (its
 * empty place is in the photo), one the frame cut off is not seen. Within a run of one SKU the alignment cannot tell
 * which facing is gone, so the left count reads the alignment that matches as late as possible (`latest`: the cut
 * facings of a run at the left end are its first ones) and the right count the one that matches as early as possible
 * (`earliest`). A shelf with no match says nothing about where the frame cuts it: no slot is out of frame.
 */
export function slotsOutOfFrame(
  slotCount: number,
  earliest: readonly AlignmentStep[],
  latest: readonly AlignmentStep[],
  detections: readonly PlacedDetection[],
  frame: Frame,
): { readonly left: number; readonly right: number } {
  const early = matchBounds(earliest);
  const late = matchBounds(latest);
  if (frame.width === undefined || early === undefined || late === undefined) return { left: 0, right: 0 };
  // The narrower of the shelf's and the capture's median box: the missing SKUs' own width is unknown, and a
  // narrower facing fits more slots in the visible space (fewer taken for out of frame).
  const facing = Math.min(median(detections.map((d) => d.x2 - d.x1)), frame.facingWidth);
  if (!(facing > 0)) return { left: 0, right: 0 };
  const fits = (space: number) => Math.floor(Math.max(0, space) / facing + IN_VIEW_SLACK);
  const leftmost = Math.min(...detections.map((d) => d.x1));
  const rightmost = Math.max(...detections.map((d) => d.x2));
  const leadingSlots = (b: NonNullable<ReturnType<typeof matchBounds>>) =>
    Math.max(0, b.first.expected - b.first.detected);
  const trailingSlots = (b: NonNullable<ReturnType<typeof matchBounds>>) =>
    Math.max(0, slotCount - 1 - b.last.expected - (detections.length - 1 - b.last.detected));
  const cutOff = (space: number, most: number, least: number) =>
    space <= CLIPPED_BOX * facing ? most : Math.max(0, least - fits(space));
  const left = cutOff(leftmost, leadingSlots(late), leadingSlots(early));
  const right = cutOff(frame.width - rightmost, trailingSlots(early), trailingSlots(late));
  // The two counts come from two alignments: never more than the slots no match fills.
  return { left, right: Math.max(0, Math.min(right, slotCount - early.count - left)) };
}

/**
 * Shelves outside the frame: of the empty shelves above the top shelf with detections, those the visible space above
 * its boxes cannot hold (in shelf pitches, see IN_VIEW_SLACK), and likewise below the bottom one. An empty shelf between two with
 * products, or one with room for it in the photo, is in view (and empty). The pitch is the median distance between
 * the centres of filled shelves per shelf step, or `boxPitch` with fewer than two.
 */
export function shelvesOutOfFrame(
  shelves: readonly (readonly PlacedDetection[])[],
  frame: Frame,
  boxPitch: number,
): ReadonlySet<number> {
  const out = new Set<number>();
  if (frame.height === undefined) return out;
  const filled = shelves.flatMap((s, i) => (s.length > 0 ? [i] : []));
  const top = filled[0];
  const bottom = filled[filled.length - 1];
  if (top === undefined || bottom === undefined) return out;
  const centre = (i: number) => median((shelves[i] ?? []).map((d) => d.cy));
  const steps = filled.slice(1).map((s, k) => (centre(s) - centre(filled[k]!)) / (s - filled[k]!));
  const pitch = steps.length > 0 ? median(steps) : boxPitch;
  if (!(pitch > 0)) return out;
  const fits = (space: number) => Math.floor(Math.max(0, space) / pitch + IN_VIEW_SLACK);
  const above = top - fits(Math.min(...(shelves[top] ?? []).map((d) => d.y1)));
  const below =
    shelves.length - 1 - bottom - fits(frame.height - Math.max(...(shelves[bottom] ?? []).map((d) => d.y2)));
  for (let i = 0; i < above; i++) out.add(i);
  for (let i = 0; i < below; i++) out.add(shelves.length - 1 - i);
  return out;
}
