/**
 * Open Inference Protocol (KServe v2 / Triton REST) request and response bodies, with Triton's binary tensor
 * extension: the JSON header is followed by raw little-endian tensor bytes, its length given by the
 * `Inference-Header-Content-Length` header. JSON `data` arrays are read too, for servers without the extension.
 */

/** Header naming the length of the JSON part of a binary-extension body. */
export const INFERENCE_HEADER_LENGTH = 'inference-header-content-length';

/** One FP32 tensor. */
export interface Fp32Tensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/**
 * The extension of shelfstream's model server (listed by `GET /v2`) that takes a UINT8 input with a `scale`
 * parameter for an FP32 model: an image tensor as bytes, a quarter of its floats' size.
 */
export const SCALED_UINT8_EXTENSION = 'shelfstream_scaled_uint8_input';

/** One UINT8 tensor whose values stand for `byte * scale` (see {@link SCALED_UINT8_EXTENSION}). */
export interface ScaledUint8Tensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Uint8Array;
  readonly scale: number;
}

/** An infer request's input. */
export type InferInput = Fp32Tensor | ScaledUint8Tensor;

/**
 * Builds a binary-extension infer request for one input (FP32, or scaled UINT8), asking for `outputName` as binary.
 * The body is returned in two parts, the JSON header and a view of the tensor's bytes (not copied): send them in
 * that order.
 */
export function encodeInferRequest(
  input: InferInput,
  outputName: string,
  id: string,
): { parts: [Buffer, Buffer]; headerLength: number } {
  const scaled = 'scale' in input;
  const header = Buffer.from(
    JSON.stringify({
      id,
      inputs: [
        {
          name: input.name,
          shape: input.shape,
          datatype: scaled ? 'UINT8' : 'FP32',
          parameters: {
            binary_data_size: input.data.byteLength,
            ...(scaled ? { scale: input.scale } : {}),
          },
        },
      ],
      outputs: [{ name: outputName, parameters: { binary_data: true } }],
    }),
    'utf8',
  );
  const tensor = Buffer.from(input.data.buffer, input.data.byteOffset, input.data.byteLength);
  return { parts: [header, tensor], headerLength: header.length };
}

interface OutputJson {
  name: string;
  shape: number[];
  datatype: string;
  data?: number[];
  parameters?: { binary_data_size?: number };
}

/** Decoded infer response: the named output and the model version the server reported. */
export interface InferResult {
  readonly output: Fp32Tensor;
  readonly modelVersion: string | undefined;
}

/**
 * Reads an infer response body (binary extension when `headerLength` is given, else JSON) and returns the output
 * named `outputName` (or the first). Throws a TypeError on a malformed body.
 */
export function decodeInferResponse(
  body: Buffer,
  headerLength: number | undefined,
  outputName: string,
): InferResult {
  const jsonEnd = headerLength ?? body.length;
  const json = JSON.parse(body.subarray(0, jsonEnd).toString('utf8')) as {
    model_version?: string;
    outputs?: OutputJson[];
  };
  const outputs = json.outputs ?? [];
  let offset = jsonEnd;
  for (const out of outputs) {
    const size = out.parameters?.binary_data_size;
    const isWanted = out.name === outputName || outputs.length === 1;
    if (size !== undefined) {
      if (isWanted) {
        // Copy: the body buffer may sit at an unaligned offset in a pooled ArrayBuffer.
        const bytes = Buffer.from(body.subarray(offset, offset + size));
        const data = new Float32Array(bytes.buffer, bytes.byteOffset, size / 4);
        return { output: { name: out.name, shape: out.shape, data }, modelVersion: json.model_version };
      }
      offset += size;
    } else if (isWanted && Array.isArray(out.data)) {
      return {
        output: { name: out.name, shape: out.shape, data: Float32Array.from(out.data) },
        modelVersion: json.model_version,
      };
    }
  }
  throw new TypeError(`infer response has no output "${outputName}"`);
}
