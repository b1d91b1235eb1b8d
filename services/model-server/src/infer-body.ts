/** Header naming the length of the JSON part of a binary-extension body (Triton's binary tensor extension). */
export const INFERENCE_HEADER_LENGTH = 'inference-header-content-length';

/**
 * Name of this server's extension (listed by `GET /v2`): a UINT8 input with a `scale` parameter is taken as
 * `byte * scale` for a model whose input is FP32. An image tensor travels as a quarter of the bytes (and of the
 * copies) of its floats; the server scales it on the model thread.
 */
export const SCALED_UINT8_EXTENSION = 'shelfstream_scaled_uint8_input';

/** The one input of an infer request: FP32 values, or bytes to scale (see {@link SCALED_UINT8_EXTENSION}). */
export type InferInput =
  | {
      readonly name: string;
      readonly shape: number[];
      readonly datatype: 'FP32';
      readonly data: Float32Array;
    }
  | {
      readonly name: string;
      readonly shape: number[];
      readonly datatype: 'UINT8';
      readonly data: Uint8Array;
      /** Each byte stands for `byte * scale`. */
      readonly scale: number;
    };

/** A parsed infer request: one input and what the caller wants back. */
export interface ParsedInfer {
  readonly id: string | undefined;
  readonly input: InferInput;
  /** Whether the outputs go back as binary (Triton extension) or JSON arrays. */
  readonly binaryOutput: boolean;
}

/** Thrown for a request the server cannot run: answered 400. */
export class BadInferRequest extends Error {
  readonly code = 'MODEL_SERVER_BAD_REQUEST';
}

interface InputJson {
  name?: string;
  shape?: number[];
  datatype?: string;
  data?: number[];
  parameters?: { binary_data_size?: number; scale?: number };
}

/**
 * Parses an Open Inference Protocol infer body: JSON (`data` arrays), or JSON header + raw little-endian bytes
 * when `headerLength` is given. Exactly one input is supported: FP32, or UINT8 with a `scale` parameter. Throws
 * {@link BadInferRequest}.
 *
 * A binary FP32 tensor that starts on a 4-byte boundary of `body`'s memory is returned as a view of it, not a copy
 * (read the body with `readAlignedBody` to get there); otherwise it is copied into memory of its own. A binary
 * UINT8 tensor is always a view.
 */
export function parseInferBody(body: Buffer, headerLength: number | undefined): ParsedInfer {
  const jsonEnd = headerLength ?? body.length;
  if (!Number.isInteger(jsonEnd) || jsonEnd < 0 || jsonEnd > body.length) {
    throw new BadInferRequest('inference-header-content-length is outside the body');
  }
  let json: { id?: string; inputs?: InputJson[]; outputs?: { parameters?: { binary_data?: boolean } }[] };
  try {
    json = JSON.parse(body.subarray(0, jsonEnd).toString('utf8'));
  } catch {
    throw new BadInferRequest('request header is not JSON');
  }
  const inputs = json.inputs ?? [];
  if (inputs.length !== 1) throw new BadInferRequest(`expected exactly 1 input, got ${inputs.length}`);
  const input = inputs[0] as InputJson;
  const shape = input.shape ?? [];
  if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new BadInferRequest(`bad input shape ${JSON.stringify(shape)}`);
  }
  const elements = shape.reduce((a, b) => a * b, 1);
  const name = input.name ?? '';
  const binaryOutput =
    headerLength !== undefined || (json.outputs ?? []).some((o) => o.parameters?.binary_data === true);
  if (input.datatype === 'FP32') {
    const data = fp32Data(body, jsonEnd, input, elements, shape);
    return { id: json.id, input: { name, shape, datatype: 'FP32', data }, binaryOutput };
  }
  if (input.datatype === 'UINT8') {
    const scale = input.parameters?.scale;
    if (typeof scale !== 'number' || !Number.isFinite(scale) || scale <= 0) {
      throw new BadInferRequest(
        'a UINT8 input needs a positive "scale" parameter (its bytes stand for byte * scale)',
      );
    }
    const data = uint8Data(body, jsonEnd, input, elements, shape);
    return { id: json.id, input: { name, shape, datatype: 'UINT8', data, scale }, binaryOutput };
  }
  throw new BadInferRequest(`input datatype must be FP32 or UINT8, got ${input.datatype}`);
}

function fp32Data(
  body: Buffer,
  jsonEnd: number,
  input: InputJson,
  elements: number,
  shape: number[],
): Float32Array {
  const size = input.parameters?.binary_data_size;
  if (size === undefined) {
    if (!Array.isArray(input.data) || input.data.length !== elements) {
      throw new BadInferRequest(`input data must hold ${elements} numbers`);
    }
    return Float32Array.from(input.data.flat(Number.POSITIVE_INFINITY) as number[]);
  }
  if (size !== elements * 4 || jsonEnd + size > body.length) {
    throw new BadInferRequest(`binary_data_size ${size} does not match shape ${JSON.stringify(shape)}`);
  }
  const start = body.byteOffset + jsonEnd;
  if (start % 4 === 0) return new Float32Array(body.buffer, start, elements);
  // A Float32Array needs 4-byte alignment: copy into memory of its own.
  const data = new Float32Array(elements);
  new Uint8Array(data.buffer).set(body.subarray(jsonEnd, jsonEnd + size));
  return data;
}

function uint8Data(
  body: Buffer,
  jsonEnd: number,
  input: InputJson,
  elements: number,
  shape: number[],
): Uint8Array {
  const size = input.parameters?.binary_data_size;
  if (size === undefined) {
    const values = Array.isArray(input.data) ? (input.data.flat(Number.POSITIVE_INFINITY) as number[]) : [];
    if (values.length !== elements || values.some((v) => !Number.isInteger(v) || v < 0 || v > 255)) {
      throw new BadInferRequest(`input data must hold ${elements} integers from 0 to 255`);
    }
    return Uint8Array.from(values);
  }
  if (size !== elements || jsonEnd + size > body.length) {
    throw new BadInferRequest(`binary_data_size ${size} does not match shape ${JSON.stringify(shape)}`);
  }
  return new Uint8Array(body.buffer, body.byteOffset + jsonEnd, elements);
}

/** Encodes an infer response, binary (header + raw bytes) or JSON. */
export function encodeInferResponse(
  meta: { modelName: string; modelVersion: string; id: string | undefined },
  outputs: readonly { name: string; shape: number[]; data: Float32Array }[],
  binary: boolean,
): { body: Buffer; headerLength?: number } {
  const header = {
    model_name: meta.modelName,
    model_version: meta.modelVersion,
    ...(meta.id !== undefined ? { id: meta.id } : {}),
    outputs: outputs.map((o) => ({
      name: o.name,
      shape: o.shape,
      datatype: 'FP32',
      ...(binary ? { parameters: { binary_data_size: o.data.byteLength } } : { data: Array.from(o.data) }),
    })),
  };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  if (!binary) return { body: json };
  const tensors = outputs.map((o) => Buffer.from(o.data.buffer, o.data.byteOffset, o.data.byteLength));
  return { body: Buffer.concat([json, ...tensors]), headerLength: json.length };
}
