/** Header naming the length of the JSON part of a binary-extension body (Triton's binary tensor extension). */
export const INFERENCE_HEADER_LENGTH = 'inference-header-content-length';

/** A parsed infer request: one FP32 input and what the caller wants back. */
export interface ParsedInfer {
  readonly id: string | undefined;
  readonly input: { name: string; shape: number[]; data: Float32Array };
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
  parameters?: { binary_data_size?: number };
}

/**
 * Parses an Open Inference Protocol infer body: JSON (`data` arrays), or JSON header + raw little-endian bytes
 * when `headerLength` is given. Exactly one FP32 input is supported. Throws {@link BadInferRequest}.
 *
 * A binary tensor that starts on a 4-byte boundary of `body`'s memory is returned as a view of it, not a copy
 * (read the body with `readAlignedBody` to get there); otherwise it is copied into memory of its own.
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
  if (input.datatype !== 'FP32')
    throw new BadInferRequest(`input datatype must be FP32, got ${input.datatype}`);
  const shape = input.shape ?? [];
  if (shape.length === 0 || shape.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new BadInferRequest(`bad input shape ${JSON.stringify(shape)}`);
  }
  const elements = shape.reduce((a, b) => a * b, 1);
  let data: Float32Array;
  const size = input.parameters?.binary_data_size;
  if (size !== undefined) {
    if (size !== elements * 4 || jsonEnd + size > body.length) {
      throw new BadInferRequest(`binary_data_size ${size} does not match shape ${JSON.stringify(shape)}`);
    }
    const start = body.byteOffset + jsonEnd;
    if (start % 4 === 0) data = new Float32Array(body.buffer, start, elements);
    else {
      // A Float32Array needs 4-byte alignment: copy into memory of its own.
      data = new Float32Array(elements);
      new Uint8Array(data.buffer).set(body.subarray(jsonEnd, jsonEnd + size));
    }
  } else {
    if (!Array.isArray(input.data) || input.data.length !== elements) {
      throw new BadInferRequest(`input data must hold ${elements} numbers`);
    }
    data = Float32Array.from(input.data.flat(Number.POSITIVE_INFINITY) as number[]);
  }
  const binaryOutput =
    headerLength !== undefined || (json.outputs ?? []).some((o) => o.parameters?.binary_data === true);
  return { id: json.id, input: { name: input.name ?? '', shape, data }, binaryOutput };
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
