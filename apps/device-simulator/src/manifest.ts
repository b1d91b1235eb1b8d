import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import type { FacingRun, MisplacedFacing, OutOfStockRun, Scene } from '@shelfstream/synthetic-shelf';
import type { CaptureChannel, CaptureKind, PlannedCapture } from './mix-plan.js';

/** One line of the manifest (JSONL): what was sent, and what is true about the shelf in the photo. */
export interface ManifestEntry {
  readonly capture_id: string;
  readonly seq: number;
  readonly kind: CaptureKind;
  readonly channel: CaptureChannel;
  readonly store_id: string;
  readonly aisle: string;
  readonly device_id: string;
  /** ISO-8601 UTC with ms, as in the idempotency key. */
  readonly captured_at: string;
  readonly planogram_version: string;
  readonly fixture: string;
  readonly scene_seed: number;
  /** For duplicates: the seq of the capture they repeat. */
  readonly duplicate_of: number | null;
  /** Where the image went: `inline` or the blob URI (Kafka), `http` (gateway). */
  readonly image: string;
  readonly image_bytes: number;
  readonly truth: {
    readonly true_facings: FacingRun[][];
    readonly out_of_stock: OutOfStockRun[];
    readonly misplaced: MisplacedFacing[];
  };
}

/** Builds the manifest entry of a sent capture. */
export function toManifestEntry(
  planned: PlannedCapture,
  captureId: string,
  scene: Scene,
  sent: { image: string; imageBytes: number },
): ManifestEntry {
  return {
    capture_id: captureId,
    seq: planned.seq,
    kind: planned.kind,
    channel: planned.channel,
    store_id: planned.storeId,
    aisle: planned.aisle,
    device_id: planned.deviceId,
    captured_at: new Date(planned.capturedAt).toISOString(),
    planogram_version: planned.planogramVersion,
    fixture: scene.fixture,
    scene_seed: planned.sceneSeed,
    duplicate_of: planned.duplicateOf ?? null,
    image: sent.image,
    image_bytes: sent.imageBytes,
    truth: { true_facings: scene.trueFacings, out_of_stock: scene.outOfStock, misplaced: scene.misplaced },
  };
}

/** Parses a manifest file's text back into entries (blank lines ignored). */
export function parseManifest(text: string): ManifestEntry[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as ManifestEntry);
}

/** Appends manifest entries to a JSONL file as captures are sent. */
export class ManifestWriter {
  readonly #stream: WriteStream;

  constructor(path: string) {
    this.#stream = createWriteStream(path, { flags: 'w' });
  }

  async write(entry: ManifestEntry): Promise<void> {
    if (!this.#stream.write(`${JSON.stringify(entry)}\n`)) await once(this.#stream, 'drain');
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.#stream.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  }
}
