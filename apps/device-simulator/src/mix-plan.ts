import { createPrng } from '@shelfstream/synthetic-shelf';

/**
 * What a simulated capture is meant to exercise. `no-shelf`: a photo with no shelf in it (plain colour, lens-cap
 * dark, blurred flat, ceiling gradient, wall), which must end UNSCORABLE; `empty-shelf`: the aisle's fixture with
 * every product gone, which must score 0; `close-up`: the scene cropped to its central 80 % at the same resolution (a
 * phone held too close), which must end SCORED over the part in view (coverage under 1, partial), never with the
 * products outside the frame counted out of stock.
 */
export type CaptureKind =
  | 'ok'
  | 'duplicate'
  | 'degraded'
  | 'corrupt'
  | 'drift'
  | 'no-shelf'
  | 'empty-shelf'
  | 'close-up';

/** How a capture is sent. */
export type CaptureChannel = 'kafka' | 'http';

/** Shares of the non-ok kinds (0..1 each, summing to at most 1); the rest is `ok`. */
export interface MixRatios {
  readonly duplicate: number;
  readonly degraded: number;
  readonly corrupt: number;
  readonly drift: number;
  /** @default 0 */
  readonly noShelf?: number;
  /** @default 0 */
  readonly emptyShelf?: number;
  /** Opt-in (not in {@link DEFAULT_MIX}). @default 0 */
  readonly closeUp?: number;
}

/** The default mix: mostly clean captures, a few of each fault (no close-ups: they are opt-in). */
export const DEFAULT_MIX: MixRatios = {
  duplicate: 0.1,
  degraded: 0.1,
  corrupt: 0.05,
  drift: 0.05,
  noShelf: 0.03,
  emptyShelf: 0.02,
};

/**
 * The kinds drawn by share, in draw order. New kinds go at the end: an existing seed's earlier kinds keep their draw
 * ranges, so only some of its `ok` captures change kind.
 */
const DRAWN_KINDS = [
  ['duplicate', 'duplicate'],
  ['degraded', 'degraded'],
  ['corrupt', 'corrupt'],
  ['drift', 'drift'],
  ['no-shelf', 'noShelf'],
  ['empty-shelf', 'emptyShelf'],
  ['close-up', 'closeUp'],
] as const satisfies readonly (readonly [CaptureKind, keyof MixRatios])[];

/** Options of {@link planCaptures}. */
export interface PlanOptions {
  readonly seed: number;
  readonly stores: number;
  readonly devicesPerStore: number;
  readonly count: number;
  readonly mix?: MixRatios;
  /** `both` alternates channels and sends each duplicate over the channel its original did not use. */
  readonly channel: CaptureChannel | 'both';
  /** captured_at of the first capture (epoch ms); later ones follow `intervalMs` apart. */
  readonly startAt: number;
  /** @default 1000 (ms) */
  readonly intervalMs?: number;
  /** Aisles per store. @default 3 */
  readonly aislesPerStore?: number;
  /** The active planogram version. @default 'v1' */
  readonly planogramVersion?: string;
  /** The version drift captures claim. @default 'v0' */
  readonly outdatedPlanogramVersion?: string;
}

/** One capture to produce. A duplicate repeats its original's identity (same key) and scene. */
export interface PlannedCapture {
  readonly seq: number;
  readonly kind: CaptureKind;
  readonly channel: CaptureChannel;
  readonly storeId: string;
  readonly aisle: string;
  readonly deviceId: string;
  readonly capturedAt: number;
  readonly sceneSeed: number;
  readonly planogramVersion: string;
  /** `seq` of the capture a duplicate repeats. */
  readonly duplicateOf?: number;
}

/**
 * Plans `count` captures over `stores x devicesPerStore` devices. Deterministic: the same options give the same
 * plan, so a manifest can be regenerated and tests can assert exact kinds. Kinds are drawn per capture with the
 * mix's probabilities; a duplicate needs an earlier original, so the first capture is never one.
 */
export function planCaptures(options: PlanOptions): PlannedCapture[] {
  const mix = options.mix ?? DEFAULT_MIX;
  validate(options, mix);
  const prng = createPrng(options.seed);
  const interval = options.intervalMs ?? 1000;
  const aisles = options.aislesPerStore ?? 3;
  const version = options.planogramVersion ?? 'v1';
  const outdated = options.outdatedPlanogramVersion ?? 'v0';
  const plan: PlannedCapture[] = [];
  for (let seq = 0; seq < options.count; seq++) {
    const draw = prng.next();
    let kind = pickKind(draw, mix);
    const originals = plan.filter((p) => p.kind !== 'duplicate');
    if (kind === 'duplicate' && originals.length === 0) kind = 'ok';
    if (kind === 'duplicate') {
      const original = prng.pick(originals);
      const channel: CaptureChannel =
        options.channel === 'both' ? (original.channel === 'kafka' ? 'http' : 'kafka') : options.channel;
      plan.push({ ...original, seq, kind, channel, duplicateOf: original.seq });
      continue;
    }
    const store = prng.int(1, options.stores);
    const device = prng.int(1, options.devicesPerStore);
    const storeId = `store-${String(store).padStart(3, '0')}`;
    plan.push({
      seq,
      kind,
      channel: options.channel === 'both' ? (seq % 2 === 0 ? 'kafka' : 'http') : options.channel,
      storeId,
      aisle: `A${String(prng.int(1, aisles)).padStart(2, '0')}`,
      deviceId: `${storeId}-cam-${device}`,
      capturedAt: options.startAt + seq * interval,
      sceneSeed: prng.int(1, 2 ** 31 - 1),
      planogramVersion: kind === 'drift' ? outdated : version,
    });
  }
  return plan;
}

function pickKind(draw: number, mix: MixRatios): CaptureKind {
  let edge = 0;
  for (const [kind, share] of DRAWN_KINDS) {
    edge += mix[share] ?? 0;
    if (draw < edge) return kind;
  }
  return 'ok';
}

function validate(options: PlanOptions, mix: MixRatios): void {
  for (const [name, v] of [
    ['stores', options.stores],
    ['devicesPerStore', options.devicesPerStore],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  }
  if (!Number.isInteger(options.count) || options.count < 0)
    throw new RangeError(`count must be >= 0, got ${options.count}`);
  const shares = Object.values(mix).filter((s): s is number => s !== undefined);
  if (shares.some((s) => s < 0 || s > 1) || shares.reduce((a, b) => a + b, 0) > 1) {
    throw new RangeError('mix shares must each be in [0, 1] and sum to at most 1');
  }
}
