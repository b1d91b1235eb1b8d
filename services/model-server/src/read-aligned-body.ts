import type { Readable } from 'node:stream';
import { errorCodes } from 'fastify';

/** Where {@link readAlignedBody} places the body. */
export interface AlignedBodyOptions {
  /** The request's Content-Length, when it has one. (bytes) */
  readonly contentLength: number | undefined;
  /** Body offset that must fall on a 4-byte boundary: where the binary tensor starts. (bytes) */
  readonly alignAt: number;
  /** Largest body accepted. (bytes) */
  readonly limit: number;
  /** Memory of at least `byteLength` bytes, used by nothing else. @default `new ArrayBuffer(byteLength)` */
  readonly allocate?: (byteLength: number) => ArrayBuffer;
}

/**
 * Reads a request body into one buffer of its own (`allocate`'s memory, never pooled socket memory), placed so that
 * body byte `alignAt` sits on a 4-byte boundary: the FP32 tensor after a binary-extension JSON header is then viewed
 * as a Float32Array and handed to the model thread without a copy (fastify's `parseAs: 'buffer'` joins the chunks,
 * the tensor then needed an aligned copy, and posting it to the worker a third one: ~2 MB each per image).
 *
 * With a Content-Length the buffer is allocated once and each chunk copied straight in; without one the chunks are
 * joined once at the end. Rejects with fastify's FST_ERR_CTP_BODY_TOO_LARGE (413) past `limit` and
 * FST_ERR_CTP_INVALID_CONTENT_LENGTH (400) when the body and its Content-Length disagree.
 */
export function readAlignedBody(payload: Readable, o: AlignedBodyOptions): Promise<Buffer> {
  const { contentLength, limit } = o;
  const pad = (4 - (o.alignAt % 4)) % 4;
  const allocate = o.allocate ?? ((n: number) => new ArrayBuffer(n));
  const place = (length: number): Buffer => Buffer.from(allocate(pad + length), pad, length);
  return new Promise<Buffer>((resolve, reject) => {
    if (contentLength !== undefined && contentLength > limit) {
      reject(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      return;
    }
    const target = contentLength === undefined ? undefined : place(contentLength);
    const chunks: Buffer[] = [];
    let received = 0;
    const finish = (err: Error | undefined) => {
      payload.removeListener('data', onData);
      payload.removeListener('end', onEnd);
      payload.removeListener('error', onError);
      if (err) {
        reject(err);
        return;
      }
      if (target) {
        resolve(target);
        return;
      }
      const body = place(received);
      let at = 0;
      for (const chunk of chunks) at += chunk.copy(body, at);
      resolve(body);
    };
    const onData = (chunk: Buffer) => {
      if (received + chunk.length > (contentLength ?? limit)) {
        finish(
          contentLength === undefined
            ? new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE()
            : new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH(),
        );
        return;
      }
      if (target) chunk.copy(target, received);
      else chunks.push(chunk);
      received += chunk.length;
    };
    const onEnd = () =>
      finish(
        target && received !== contentLength
          ? new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH()
          : undefined,
      );
    const onError = (err: Error & { statusCode?: number }) => {
      err.statusCode ??= 400;
      finish(err);
    };
    payload.on('data', onData);
    payload.on('end', onEnd);
    payload.on('error', onError);
  });
}
