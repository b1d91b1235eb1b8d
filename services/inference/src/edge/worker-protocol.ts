import type { Detection } from '@shelfstream/detector';
import type { EdgeTierReason } from '../reasons.js';

/** Start-up data of the edge inference worker. */
export interface EdgeWorkerData {
  readonly routingTablePath: string;
  readonly threads: number;
  readonly scoreThreshold: number;
  readonly iouThreshold: number;
}

/** A batch for the worker: encoded images of one route. */
export interface EdgeWorkerRequest {
  readonly id: number;
  readonly route: string;
  readonly images: readonly Uint8Array[];
}

/** The worker's answer to one request. */
export type EdgeWorkerReply =
  | {
      readonly id: number;
      readonly ok: true;
      readonly detections: Detection[][];
      readonly modelId: string;
      readonly modelVersion: string;
      readonly preprocessMs: number;
      readonly inferenceMs: number;
      readonly postprocessMs: number;
      readonly totalMs: number;
    }
  | { readonly id: number; readonly ok: false; readonly code: EdgeTierReason; readonly message: string };
