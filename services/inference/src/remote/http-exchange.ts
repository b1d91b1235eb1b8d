import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What {@link HttpExchange.send} sends. */
export interface HttpExchangeRequest {
  readonly method: 'GET' | 'POST';
  readonly headers?: Readonly<Record<string, string>>;
  /** Body parts, written one after the other without being joined first. */
  readonly body?: readonly Uint8Array[];
  /** Whole exchange, from sending to the answer's last byte. (ms) */
  readonly timeoutMs: number;
}

/** An answer read to its end. */
export interface HttpAnswer {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/**
 * HTTP/1.1 requests over kept-alive connections (one agent per exchange object), with a body given in parts.
 *
 * Why not `fetch`: undici copies a Buffer body before sending it and the caller had to join header and tensor
 * first, so a 2 MB infer request cost ~10 ms more CPU per call than `http.request` writing the parts as they are
 * (measured on the 2-core machine; `pnpm bench:inference` prints the CPU per image of the remote tier).
 */
export class HttpExchange {
  readonly #agent: HttpAgent;
  readonly #secure: boolean;

  constructor(baseUrl: string | URL) {
    this.#secure = new URL(baseUrl).protocol === 'https:';
    const options = { keepAlive: true, scheduling: 'lifo' as const };
    this.#agent = this.#secure ? new HttpsAgent(options) : new HttpAgent(options);
  }

  /**
   * Sends one request and reads the whole answer, whatever its status. Rejects with an Error named `TimeoutError`
   * when the answer has not ended within `timeoutMs`, and with the socket's error on a network failure.
   */
  send(url: URL, init: HttpExchangeRequest): Promise<HttpAnswer> {
    const parts = init.body ?? [];
    const length = parts.reduce((n, p) => n + p.byteLength, 0);
    const request = this.#secure ? httpsRequest : httpRequest;
    return new Promise<HttpAnswer>((resolve, reject) => {
      // Set until the exchange ends, one way or the other: whatever comes after is ignored.
      let deadline: NodeJS.Timeout | undefined = setTimeout(() => {
        const err = new Error(`${url} did not answer within ${init.timeoutMs} ms`);
        err.name = 'TimeoutError';
        end(err);
      }, init.timeoutMs);
      const end = (outcome: Error | HttpAnswer) => {
        if (deadline === undefined) return;
        clearTimeout(deadline);
        deadline = undefined;
        if (!(outcome instanceof Error)) resolve(outcome);
        else {
          req.destroy();
          reject(outcome);
        }
      };
      const headers = {
        ...init.headers,
        ...(init.method === 'GET' ? {} : { 'content-length': String(length) }),
      };
      const req = request(url, { method: init.method, agent: this.#agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', end);
        res.on('close', () => {
          if (!res.complete) end(new Error(`${url}: connection closed before the answer ended`));
        });
        res.on('end', () => {
          const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
          end({ status: res.statusCode ?? 0, headers: res.headers, body });
        });
      });
      req.on('error', end);
      for (const part of parts.slice(0, -1)) req.write(part);
      req.end(parts.at(-1));
    });
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.#agent.destroy();
  }
}
