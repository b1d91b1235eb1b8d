import { StageError } from '@shelfstream/errors';
import { InferenceReasons, type RemoteTierReason } from '../reasons.js';
import { type BackoffPolicy, parseRetryAfterMs, retryDelayMs } from '../transform/retry-delay.js';
import { type HttpAnswer, HttpExchange, type HttpExchangeRequest } from './http-exchange.js';
import {
  decodeInferResponse,
  encodeInferRequest,
  INFERENCE_HEADER_LENGTH,
  type InferInput,
  type InferResult,
} from './oip-wire.js';

/** Settings of {@link OipClient}. */
export interface OipClientOptions extends BackoffPolicy {
  /** Base URL of the server, e.g. http://127.0.0.1:8000. */
  readonly baseUrl: string;
  /** Per-attempt timeout. (ms) */
  readonly timeoutMs: number;
  /** Retries after the first attempt on 429, 5xx, network errors and timeouts. */
  readonly maxRetries: number;
  /** Injectable sleep (tests). */
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

/** Tensor metadata as `/v2/models/{name}` reports it. */
export interface OipTensorMetadata {
  readonly name: string;
  readonly datatype: string;
  readonly shape: readonly number[];
}

/** `/v2/models/{name}` response. */
export interface OipModelMetadata {
  readonly name: string;
  readonly versions?: readonly string[];
  readonly platform?: string;
  readonly inputs: readonly OipTensorMetadata[];
  readonly outputs: readonly OipTensorMetadata[];
}

const sleepReal = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Client of an Open Inference Protocol (KServe v2 / Triton REST) server: readiness, model metadata and infer
 * (binary tensor extension). Each attempt has its own timeout; 429 and 5xx answers, network errors and timeouts
 * are retried with exponential backoff and full jitter, honouring the server's Retry-After. After the retries it
 * throws a StageError: INFERENCE_REMOTE_TIMEOUT, INFERENCE_REMOTE_FAILED, or INFERENCE_REMOTE_REJECTED for 4xx
 * (never retried: a wrong model name or shape does not heal). Connections are kept alive between calls; call
 * {@link close} when done.
 */
export class OipClient {
  readonly #o: OipClientOptions;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #http: HttpExchange;
  #requests = 0;

  constructor(options: OipClientOptions) {
    this.#o = options;
    this.#sleep = options.sleep ?? sleepReal;
    this.#http = new HttpExchange(options.baseUrl);
  }

  /** True when `/v2/health/ready` answers 200 (one attempt, no retries). */
  async ready(): Promise<boolean> {
    try {
      const res = await this.#http.send(new URL('/v2/health/ready', this.#o.baseUrl), {
        method: 'GET',
        timeoutMs: this.#o.timeoutMs,
      });
      return res.status === 200;
    } catch {
      return false;
    }
  }

  /** The extensions the server lists at `/v2` (Open Inference Protocol server metadata). */
  async extensions(): Promise<string[]> {
    const body = await this.#request('/v2', { method: 'GET' });
    const meta = JSON.parse(body.body.toString('utf8')) as { extensions?: unknown };
    return Array.isArray(meta.extensions) ? meta.extensions.filter((e) => typeof e === 'string') : [];
  }

  /** Reads a model's metadata (inputs, outputs, versions). */
  async metadata(model: string): Promise<OipModelMetadata> {
    const body = await this.#request(`/v2/models/${encodeURIComponent(model)}`, { method: 'GET' });
    return JSON.parse(body.body.toString('utf8')) as OipModelMetadata;
  }

  /** Runs one infer request with one input (FP32, or scaled UINT8 where the server has the extension). */
  async infer(model: string, input: InferInput, outputName: string): Promise<InferResult> {
    const id = `req-${++this.#requests}`;
    const { parts, headerLength } = encodeInferRequest(input, outputName, id);
    const res = await this.#request(`/v2/models/${encodeURIComponent(model)}/infer`, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        [INFERENCE_HEADER_LENGTH]: String(headerLength),
      },
      body: parts,
    });
    const length = res.headers[INFERENCE_HEADER_LENGTH];
    try {
      return decodeInferResponse(
        res.body,
        typeof length === 'string' ? Number(length) : undefined,
        outputName,
      );
    } catch (cause) {
      throw remoteError('INFERENCE_REMOTE_FAILED', 'malformed infer response', cause);
    }
  }

  /** Closes the kept-alive connections; the client is unusable afterwards. */
  close(): void {
    this.#http.close();
  }

  async #request(path: string, init: Omit<HttpExchangeRequest, 'timeoutMs'>): Promise<HttpAnswer> {
    const url = new URL(path, this.#o.baseUrl);
    let last: StageError | undefined;
    for (let attempt = 0; attempt <= this.#o.maxRetries; attempt++) {
      if (attempt > 0) {
        const retryAfter =
          last && 'retryAfterMs' in last ? (last.retryAfterMs as number | undefined) : undefined;
        await this.#sleep(retryDelayMs(this.#o, attempt, retryAfter, this.#o.random));
      }
      let res: HttpAnswer;
      try {
        res = await this.#http.send(url, { ...init, timeoutMs: this.#o.timeoutMs });
      } catch (cause) {
        const timedOut = (cause as Error).name === 'TimeoutError';
        last = remoteError(
          timedOut ? 'INFERENCE_REMOTE_TIMEOUT' : 'INFERENCE_REMOTE_FAILED',
          timedOut
            ? `${url} did not answer within ${this.#o.timeoutMs} ms`
            : `${url}: ${(cause as Error).message}`,
          cause,
        );
        continue;
      }
      if (res.status >= 200 && res.status < 300) return res;
      const detail = `${url} answered ${res.status}: ${res.body.toString('utf8').slice(0, 200)}`;
      if (res.status === 429 || res.status >= 500) {
        last = Object.assign(remoteError('INFERENCE_REMOTE_FAILED', detail), {
          status: res.status,
          retryAfterMs: parseRetryAfterMs(res.headers['retry-after'] ?? null, Date.now()),
        });
        continue;
      }
      throw Object.assign(remoteError('INFERENCE_REMOTE_REJECTED', detail), { status: res.status });
    }
    throw last ?? remoteError('INFERENCE_REMOTE_FAILED', `${url}: no attempt made`);
  }
}

/** A failure of the remote tier: only remote-tier codes (a remote failure is never labelled as an edge one). */
export function remoteError(
  code: RemoteTierReason,
  message: string,
  cause?: unknown,
): StageError<RemoteTierReason> {
  return new StageError(code, message, { retriable: InferenceReasons[code].retriable, cause });
}
