import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { readAlignedBody } from './read-aligned-body.js';

const body = Buffer.from(Array.from({ length: 103 }, (_, i) => i));
const chunks = (b: Buffer, size: number) =>
  Readable.from(
    Array.from({ length: Math.ceil(b.length / size) }, (_, i) => b.subarray(i * size, (i + 1) * size)),
  );

describe('readAlignedBody', () => {
  for (const contentLength of [body.length, undefined]) {
    it(`puts body byte alignAt on a 4-byte boundary of memory of its own (Content-Length ${contentLength === undefined ? 'absent' : 'given'})`, async () => {
      for (const alignAt of [0, 1, 2, 3, 7]) {
        const out = await readAlignedBody(chunks(body, 10), { contentLength, alignAt, limit: 1000 });
        assert.ok(out.equals(body));
        assert.equal((out.byteOffset + alignAt) % 4, 0, `alignAt ${alignAt}`);
        assert.ok(out.buffer.byteLength - out.byteLength < 4, 'not a slice of a shared pool');
      }
    });
  }

  it('reads into the memory `allocate` gives', async () => {
    const memory = new ArrayBuffer(256);
    const out = await readAlignedBody(chunks(body, 64), {
      contentLength: body.length,
      alignAt: 5,
      limit: 1000,
      allocate: (n) => {
        assert.ok(n <= 256);
        return memory;
      },
    });
    assert.equal(out.buffer, memory);
    assert.ok(out.equals(body));
  });

  it('answers 413 (FST_ERR_CTP_BODY_TOO_LARGE) past the limit, declared or streamed', async () => {
    await assert.rejects(readAlignedBody(chunks(body, 10), { contentLength: 103, alignAt: 0, limit: 100 }), {
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      statusCode: 413,
    });
    await assert.rejects(
      readAlignedBody(chunks(body, 10), { contentLength: undefined, alignAt: 0, limit: 100 }),
      {
        code: 'FST_ERR_CTP_BODY_TOO_LARGE',
      },
    );
  });

  it('answers 400 (FST_ERR_CTP_INVALID_CONTENT_LENGTH) when the body and its Content-Length disagree', async () => {
    for (const contentLength of [50, 200]) {
      await assert.rejects(readAlignedBody(chunks(body, 10), { contentLength, alignAt: 0, limit: 1000 }), {
        code: 'FST_ERR_CTP_INVALID_CONTENT_LENGTH',
        statusCode: 400,
      });
    }
  });
});
