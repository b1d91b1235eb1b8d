import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BadInferRequest, parseInferBody } from './infer-body.js';

/** A binary-extension body for one FP32 tensor, placed at `offset` bytes into a buffer of its own. */
function binaryBody(data: Float32Array, offset: number): { body: Buffer; headerLength: number } {
  const header = Buffer.from(
    JSON.stringify({
      inputs: [
        {
          name: 'images',
          shape: [1, data.length],
          datatype: 'FP32',
          parameters: { binary_data_size: data.byteLength },
        },
      ],
    }),
  );
  const body = Buffer.from(new ArrayBuffer(offset + header.length + data.byteLength), offset);
  header.copy(body);
  Buffer.from(data.buffer).copy(body, header.length);
  return { body, headerLength: header.length };
}

describe('parseInferBody', () => {
  const data = Float32Array.from([0.5, 1.5, -2, 3.25]);

  it('views a binary tensor that starts on a 4-byte boundary instead of copying it', () => {
    const probe = binaryBody(data, 0);
    const { body, headerLength } = binaryBody(data, (4 - (probe.headerLength % 4)) % 4);
    const parsed = parseInferBody(body, headerLength);
    assert.deepEqual([...parsed.input.data], [...data]);
    assert.equal(parsed.input.data.buffer, body.buffer);
    assert.equal(parsed.binaryOutput, true);
  });

  it('copies a binary tensor that does not start on a 4-byte boundary into memory of its own', () => {
    const probe = binaryBody(data, 0);
    const { body, headerLength } = binaryBody(data, ((4 - (probe.headerLength % 4)) % 4) + 1);
    const parsed = parseInferBody(body, headerLength);
    assert.deepEqual([...parsed.input.data], [...data]);
    assert.notEqual(parsed.input.data.buffer, body.buffer);
  });

  it('rejects a body shorter than its binary_data_size', () => {
    const { body, headerLength } = binaryBody(data, 0);
    assert.throws(() => parseInferBody(body.subarray(0, body.length - 4), headerLength), BadInferRequest);
  });

  it('takes a UINT8 input with a scale as a view of the body, and refuses one without a scale', () => {
    const bytes = Uint8Array.from([0, 51, 255, 7]);
    const header = (parameters: object) =>
      Buffer.from(
        JSON.stringify({ inputs: [{ name: 'images', shape: [1, 4], datatype: 'UINT8', parameters }] }),
      );
    const withScale = header({ binary_data_size: 4, scale: 1 / 255 });
    const body = Buffer.concat([withScale, bytes]);
    const parsed = parseInferBody(body, withScale.length);
    assert.equal(parsed.input.datatype, 'UINT8');
    assert.deepEqual([...parsed.input.data], [...bytes]);
    assert.equal(parsed.input.data.buffer, body.buffer);
    assert.equal(parsed.input.datatype === 'UINT8' && parsed.input.scale, 1 / 255);
    const noScale = header({ binary_data_size: 4 });
    assert.throws(() => parseInferBody(Buffer.concat([noScale, bytes]), noScale.length), /scale/);
    const tooShort = header({ binary_data_size: 3, scale: 1 });
    assert.throws(() => parseInferBody(Buffer.concat([tooShort, bytes]), tooShort.length), BadInferRequest);
  });

  it('refuses an input datatype other than FP32 and UINT8', () => {
    const json = Buffer.from(
      JSON.stringify({ inputs: [{ name: 'images', shape: [1], datatype: 'INT64', data: [1] }] }),
    );
    assert.throws(() => parseInferBody(json, undefined), /FP32 or UINT8/);
  });
});
