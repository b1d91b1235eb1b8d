/** Tensor metadata of the served model. */
export interface TensorInfo {
  readonly name: string;
  /** Dimensions; -1 for a symbolic one (the batch). */
  readonly shape: readonly number[];
}

/** What the session worker says once the model is loaded. */
export type SessionReady =
  | {
      readonly type: 'ready';
      readonly inputs: TensorInfo[];
      readonly outputs: TensorInfo[];
      readonly version: string;
    }
  | { readonly type: 'failed'; readonly message: string };

/** One run request: an FP32 input tensor, or bytes the model thread scales to one (`byte * scale`). */
export interface RunRequest {
  readonly id: number;
  readonly input: string;
  readonly shape: readonly number[];
  readonly data: Float32Array | Uint8Array;
  /** Set with UINT8 `data`: what one step of a byte stands for. */
  readonly scale?: number;
}

/** The answer to a run: every output, FP32, and the request's input memory given back for reuse. */
export type RunReply = (
  | {
      readonly id: number;
      readonly ok: true;
      readonly outputs: { name: string; shape: number[]; data: Float32Array }[];
    }
  | { readonly id: number; readonly ok: false; readonly message: string }
) & { readonly input?: ArrayBuffer };
