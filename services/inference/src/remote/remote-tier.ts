import type { LetterboxGeometry } from '@shelfstream/detector';
import { letterboxBatch, letterboxByteBatch, toImageDetections } from '@shelfstream/detector';
import type { ModelTier, TierBatchResult } from '../model-tier.js';
import { type OipClient, type OipModelMetadata, remoteError } from './oip-client.js';
import { type InferInput, SCALED_UINT8_EXTENSION } from './oip-wire.js';

/** Settings of {@link RemoteTier}. */
export interface RemoteTierOptions {
  readonly model: string;
  readonly scoreThreshold: number;
  readonly iouThreshold: number;
}

/**
 * Tier 1: letterboxes the batch here (sharp, off the event loop), sends one `[N,3,H,W]` tensor to an Open
 * Inference Protocol server and decodes the YOLO output `[N,4+classes,anchors]` (class-aware NMS, boxes back to
 * the image's pixels). The input size and tensor names come from the server's model metadata. The tensor goes as
 * bytes with a 1/255 scale where the server lists {@link SCALED_UINT8_EXTENSION} (shelfstream's model server: a
 * quarter of the bytes to fill, send and read), else as the model's FP32 values (Triton, KServe).
 */
export class RemoteTier implements ModelTier {
  readonly tier = 'remote' as const;
  readonly #client: OipClient;
  readonly #o: RemoteTierOptions;
  #meta: OipModelMetadata | undefined;
  #sendsBytes: boolean | undefined;
  #floats: Float32Array = new Float32Array(0);
  #bytes: Uint8Array = new Uint8Array(0);

  constructor(client: OipClient, options: RemoteTierOptions) {
    this.#client = client;
    this.#o = options;
  }

  async runBatch(_route: string, images: readonly Buffer[]): Promise<TierBatchResult> {
    this.#meta ??= await this.#client.metadata(this.#o.model);
    const meta = this.#meta;
    const input = meta.inputs[0];
    const outputName = meta.outputs[0]?.name ?? 'output0';
    const h = positive(input?.shape[2], 416);
    const w = positive(input?.shape[3], 416);
    this.#sendsBytes ??= await this.#serverScalesBytes();
    const t0 = performance.now();
    const name = input?.name ?? 'images';
    const shape = [images.length, 3, h, w];
    let tensor: InferInput;
    let geometries: LetterboxGeometry[];
    try {
      if (this.#sendsBytes) {
        const batch = await letterboxByteBatch(images, w, h, this.#bytes);
        // Keep the largest tensor so far: the next batch of that size or smaller allocates nothing.
        if (batch.tensor.buffer !== this.#bytes.buffer) this.#bytes = batch.tensor;
        tensor = { name, shape, data: batch.tensor, scale: 1 / 255 };
        geometries = batch.geometries;
      } else {
        const batch = await letterboxBatch(images, w, h, this.#floats);
        if (batch.tensor.buffer !== this.#floats.buffer) this.#floats = batch.tensor;
        tensor = { name, shape, data: batch.tensor };
        geometries = batch.geometries;
      }
    } catch (cause) {
      throw remoteError('INFERENCE_IMAGE_DECODE_FAILED', 'cannot decode an input image', cause);
    }
    const t1 = performance.now();
    const result = await this.#client.infer(this.#o.model, tensor, outputName).catch((err: unknown) => {
      // A refusal may mean another server now answers at this URL (Triton where the model server was): read its
      // metadata and extensions again before the next batch.
      if ((err as { code?: unknown }).code === 'INFERENCE_REMOTE_REJECTED') {
        this.#meta = undefined;
        this.#sendsBytes = undefined;
      }
      throw err;
    });
    const t2 = performance.now();
    const perImage = toImageDetections(result.output.data, result.output.shape, geometries, {
      scoreThreshold: this.#o.scoreThreshold,
      iouThreshold: this.#o.iouThreshold,
      maxDetections: 300,
    });
    return {
      images: perImage.map((detections) => ({ detections })),
      modelId: meta.name,
      modelVersion: result.modelVersion ?? meta.versions?.[0] ?? 'unknown',
      preprocessMs: t1 - t0,
      inferenceMs: t2 - t1,
      postprocessMs: performance.now() - t2,
    };
  }

  /** Whether the server takes a scaled UINT8 input; a server without `GET /v2` (4xx) is taken as FP32-only. */
  async #serverScalesBytes(): Promise<boolean> {
    try {
      return (await this.#client.extensions()).includes(SCALED_UINT8_EXTENSION);
    } catch (err) {
      if ((err as { code?: unknown }).code === 'INFERENCE_REMOTE_REJECTED') return false;
      throw err;
    }
  }

  async ready(): Promise<{ ok: boolean; detail?: string }> {
    // The remote endpoint being down is what the breaker and the edge tier are for: this tier stays ready.
    return { ok: true };
  }

  /** Closes the client's kept-alive connections. */
  async close(): Promise<void> {
    this.#client.close();
  }
}

function positive(v: number | undefined, fallback: number): number {
  return typeof v === 'number' && v > 0 ? v : fallback;
}
