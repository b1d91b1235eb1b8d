import { type CaptureSubmitted, idempotencyKey } from '@shelfstream/contracts';
import type { CaptureSink } from './capture-sink.js';
import { type ManifestEntry, toManifestEntry } from './manifest.js';
import type { CaptureChannel, PlannedCapture } from './mix-plan.js';
import { createPacer } from './pacer.js';
import { type RenderedCapture, type RenderOptions, renderCapture } from './render-capture.js';

/** What {@link simulateDevices} needs. */
export interface SimulationDeps {
  readonly sinks: Partial<Record<CaptureChannel, CaptureSink>>;
  /** Called with each sent capture's manifest entry (write it to the manifest file). */
  readonly onSent: (entry: ManifestEntry) => Promise<void> | void;
  /** Captures per second; 0 = as fast as rendering allows. */
  readonly ratePerSecond: number;
  readonly render?: RenderOptions;
  /** `submitted_at` clock. @default Date.now */
  readonly now?: () => number;
}

/**
 * Renders and sends planned captures in order, paced, and reports each one's manifest entry. A duplicate re-sends
 * its original's exact bytes and record identity (same capture id). Throws on the first send failure.
 */
export async function simulateDevices(
  plan: readonly PlannedCapture[],
  deps: SimulationDeps,
): Promise<ManifestEntry[]> {
  const pacer = createPacer(deps.ratePerSecond);
  const now = deps.now ?? Date.now;
  const rendered = new Map<number, RenderedCapture>();
  const entries: ManifestEntry[] = [];
  for (const planned of plan) {
    const sink = deps.sinks[planned.channel];
    if (!sink) throw new Error(`no sink for channel ${planned.channel}`);
    const original = planned.duplicateOf;
    const image =
      original !== undefined ? rendered.get(original) : await renderCapture(planned, deps.render ?? {});
    if (!image) throw new Error(`duplicate ${planned.seq} refers to unsent capture ${original}`);
    // Keep originals only while a later duplicate might need them: plans are small, so keep them all.
    if (original === undefined) rendered.set(planned.seq, image);
    const capture = toCaptureSubmitted(planned, now(), image.scene.fixture);
    await pacer.wait();
    const sent = await sink.send(capture, image.bytes, image.contentType);
    const entry = toManifestEntry(planned, capture.capture_id, image.scene, {
      image: sent.image,
      imageBytes: image.bytes.length,
    });
    entries.push(entry);
    await deps.onSent(entry);
  }
  return entries;
}

/** The CaptureSubmitted of a planned capture (without the image, which the sink attaches); fixture from its scene. */
export function toCaptureSubmitted(
  planned: PlannedCapture,
  submittedAt: number,
  fixture: CaptureSubmitted['fixture_type'],
): CaptureSubmitted {
  return {
    capture_id: idempotencyKey({
      storeId: planned.storeId,
      aisle: planned.aisle,
      capturedAt: planned.capturedAt,
      deviceId: planned.deviceId,
    }),
    store_id: planned.storeId,
    aisle: planned.aisle,
    fixture_type: fixture,
    captured_at: planned.capturedAt,
    device_id: planned.deviceId,
    planogram_version: planned.planogramVersion,
    image_bytes: null,
    image_uri: null,
    content_type: null,
    source: planned.channel === 'http' ? 'HTTP_GATEWAY' : 'EDGE_DEVICE',
    submitted_at: submittedAt,
    attributes: { simulator: 'device-simulator', kind: planned.kind, seq: String(planned.seq) },
  };
}
