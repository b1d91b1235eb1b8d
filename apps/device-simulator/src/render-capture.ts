import { generateScene, type Scene } from '@shelfstream/synthetic-shelf';
import sharp from 'sharp';
import type { PlannedCapture } from './mix-plan.js';
import { renderNoShelfFrame } from './no-shelf-frame.js';

/** Image settings of the simulator. */
export interface RenderOptions {
  /** @default 1920 (px) */
  readonly width?: number;
  /** @default 1080 (px) */
  readonly height?: number;
}

/** A capture's image bytes and the scene it shows (the ground truth). */
export interface RenderedCapture {
  readonly bytes: Buffer;
  readonly contentType: 'image/jpeg';
  readonly scene: Scene;
}

/** Share of the scene's width and height a `close-up` capture shows (its centre; the rest is cut off evenly). */
export const CLOSE_UP_SHARE = 0.8;

/** JPEG quality of the captures the simulator re-encodes (degraded, close-up). */
const REENCODE_QUALITY = 85;

/**
 * Renders a planned capture: the synthetic scene of its seed as a JPEG, then the fault its kind asks for.
 * `degraded` is a heavy Gaussian blur (odd scene seeds) or a very dark exposure (even ones), applied with sharp;
 * `corrupt` keeps the first 60 % of the JPEG (truncated upload); `empty-shelf` is the scene's fixture with no product
 * on it; `no-shelf` a photo with no shelf in it (see {@link renderNoShelfFrame}; the variant follows `seq`, so one
 * aisle's captures cover them all); `close-up` the scene's central 80 % scaled back to the capture size (see
 * {@link cropToCentre}; the scene, the truth, is still the whole one). Other kinds are sent as generated.
 */
export async function renderCapture(
  planned: PlannedCapture,
  options: RenderOptions = {},
): Promise<RenderedCapture> {
  const size = { width: options.width ?? 1920, height: options.height ?? 1080 };
  const scene = await generateScene(planned.sceneSeed, {
    ...size,
    ...(planned.kind === 'empty-shelf' ? { empty: true } : {}),
  });
  if (planned.kind === 'no-shelf') {
    return {
      bytes: await renderNoShelfFrame(planned.seq, scene.image, size),
      contentType: 'image/jpeg',
      scene,
    };
  }
  return { bytes: await applyFault(scene.image, planned), contentType: 'image/jpeg', scene };
}

/** The fault of a capture's kind applied to JPEG bytes (identity for kinds without one). */
export async function applyFault(
  jpeg: Buffer,
  planned: Pick<PlannedCapture, 'kind' | 'sceneSeed'>,
): Promise<Buffer> {
  if (planned.kind === 'corrupt') return jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
  if (planned.kind === 'close-up') return cropToCentre(jpeg, CLOSE_UP_SHARE);
  if (planned.kind !== 'degraded') return jpeg;
  const image = sharp(jpeg);
  const degraded = planned.sceneSeed % 2 === 1 ? image.blur(8) : image.modulate({ brightness: 0.18 });
  return degraded.jpeg({ quality: REENCODE_QUALITY }).toBuffer();
}

/**
 * A phone held closer to the shelf: the central `share` of the JPEG's width and height (the rest cut off evenly on
 * each side, top and bottom) resized back to the JPEG's own size, so the photo keeps its resolution and shows the
 * middle of the section larger.
 */
export async function cropToCentre(jpeg: Buffer, share: number): Promise<Buffer> {
  if (!(share > 0 && share <= 1)) throw new RangeError(`crop share must be in (0, 1], got ${share}`);
  const { width, height } = await sharp(jpeg).metadata();
  if (width === undefined || height === undefined) throw new Error('close-up: JPEG without a size');
  const left = Math.round((width * (1 - share)) / 2);
  const top = Math.round((height * (1 - share)) / 2);
  return sharp(jpeg)
    .extract({ left, top, width: width - 2 * left, height: height - 2 * top })
    .resize(width, height, { fit: 'fill' })
    .jpeg({ quality: REENCODE_QUALITY })
    .toBuffer();
}
