import type { IncomingMessage } from 'node:http';

/** The most of a refused request's body the gateway reads before it answers (and closes the connection). */
export const REFUSED_BODY_DRAIN_BYTES = 64 * 1024;

/**
 * Reads and discards a refused request's body when it is small, so that the refusal reaches the client.
 *
 * A request refused from its headers (no or wrong credentials, the store's rate limit) is answered with
 * `connection: close` and its body is never parsed. If unread bytes are still in the socket when the server closes
 * it, the kernel sends a reset, and the client may lose the answer: it sees "fetch failed" instead of its 401. A CI run
 * saw exactly that for a 1 KB upload. So a body that declares at most `limitBytes` is read and thrown away first.
 * A larger body, or one sent in chunks past the limit, is left unread (an unauthenticated client still cannot make
 * the gateway read a 15 MB upload), and so is one that stalls past `timeoutMs`. Resolves with what it did; never
 * rejects.
 */
export function drainRefusedBody(
  request: IncomingMessage,
  limitBytes = REFUSED_BODY_DRAIN_BYTES,
  timeoutMs = 2000,
): Promise<'drained' | 'too-large' | 'timed-out'> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.resolve('too-large');
  if (request.readableEnded) return Promise.resolve('drained');
  return new Promise((resolve) => {
    let read = 0;
    const done = (how: 'drained' | 'too-large' | 'timed-out') => {
      clearTimeout(timer);
      request.off('data', onData).off('end', onEnd).off('error', onEnd).off('close', onEnd);
      if (how !== 'drained') request.pause();
      resolve(how);
    };
    const onData = (chunk: Buffer) => {
      read += chunk.length;
      if (read > limitBytes) done('too-large');
    };
    const onEnd = () => done('drained');
    const timer = setTimeout(() => done('timed-out'), timeoutMs);
    request.on('data', onData).on('end', onEnd).on('error', onEnd).on('close', onEnd);
    request.resume();
  });
}
