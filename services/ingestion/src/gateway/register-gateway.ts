import { Transform } from 'node:stream';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { BlobStore } from '@shelfstream/blob-store';
import { type CaptureSubmitted, idempotencyKey } from '@shelfstream/contracts';
import { isStageError, StageError } from '@shelfstream/errors';
import type { HealthServer, Logger } from '@shelfstream/observability';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DedupLedger } from '../dedup-ledger.js';
import type { DeviceRegistry } from '../device-registry.js';
import { httpStatusOf, type IngestionReasonCode, IngestionReasons } from '../reasons.js';
import type { SlaBreaker } from '../sla-breaker.js';
import { verifySignature } from '../transform/hmac-signature.js';
import { checkDeclaredType, sniffImage } from '../transform/sniff-image.js';
import { checkImageUri, type UriRules } from '../transform/uri-rules.js';
import { validateMetadata } from '../transform/validate-metadata.js';
import { type Identity, identify } from './authenticate.js';
import { type CaptureRequest, toCaptureRequest } from './capture-request.js';
import { captureRouteSchema } from './openapi.js';

/** What the gateway needs. */
export interface GatewayDeps {
  readonly registry: DeviceRegistry;
  readonly ledger: DedupLedger;
  readonly blobStore: BlobStore;
  readonly breaker: SlaBreaker;
  /** Produces a CaptureSubmitted to the raw topic with key = capture id (TypedProducer). */
  readonly publish: (capture: CaptureSubmitted) => Promise<void>;
  readonly logger: Logger;
  readonly onDuplicate?: (captureId: string) => void;
  readonly settings: {
    readonly authMode: 'api-key' | 'hmac' | 'either';
    readonly signatureWindowMs: number;
    readonly maxImageBytes: number;
    readonly maxPixels: number;
    readonly maxClockSkewMs: number;
    readonly maxCaptureAgeMs: number;
    readonly rateLimitPerStore: number;
    readonly rateWindowMs: number;
    readonly uri: UriRules;
  };
  readonly now?: () => number;
}

/** A refusal the gateway answers with `{ code, message }` and the reason's HTTP status. */
function refusal(code: IngestionReasonCode, message: string): StageError {
  return new StageError(code, message, { retriable: IngestionReasons[code].retriable });
}

/**
 * Adds `POST /v1/captures` and `GET /docs/json` to a fastify server (before it listens). The route authenticates the
 * device from the headers before reading the body, applies the per-store rate limit to authenticated requests only
 * (a signed request once its HMAC is verified), runs the same validation gate as the Kafka path (same reason codes, as
 * 4xx), answers 200 with the existing id for a capture already in the ledger, else stores the image in the blob store
 * and produces a CaptureSubmitted (image_uri = the blob) to the raw topic and answers 202. The Kafka stage stays the
 * single place that dedups and emits. While the SLA breaker is open it answers 429 with Retry-After.
 */
export async function registerGateway(server: HealthServer, deps: GatewayDeps): Promise<void> {
  const s = deps.settings;
  const now = deps.now ?? Date.now;
  const identities = new WeakMap<FastifyRequest, Identity>();
  const rawBodies = new WeakMap<FastifyRequest, Buffer[]>();

  await server.register(swagger, {
    openapi: {
      info: { title: 'shelfstream ingestion gateway', version: '1.0.0' },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          hmac: { type: 'apiKey', in: 'header', name: 'x-shelfstream-signature' },
        },
      },
    },
  });
  await server.register(multipart, {
    limits: { fileSize: s.maxImageBytes, files: 1, fields: 20, fieldSize: 64 * 1024 },
  });
  await server.register(rateLimit, { global: false });

  server.get('/docs/json', { schema: { hide: true } }, async () => server.swagger());

  // Counts a request against its store's quota. Called only once the request is authenticated: a request with a
  // forged signature must not spend the quota of the store it claims (issue 12).
  const limitStore = server.rateLimit({
    max: s.rateLimitPerStore,
    timeWindow: s.rateWindowMs,
    keyGenerator: (request) => `store:${identities.get(request)?.device.storeId ?? request.ip}`,
    errorResponseBuilder: (_request, context) =>
      refusalWithStatus(
        'INGEST_RATE_LIMITED',
        `store over its rate limit, retry in ${context.after}`,
        context.statusCode,
      ),
  });

  server.post('/v1/captures', {
    schema: captureRouteSchema,
    // The schema documents the body; the gate below validates it, so that every refusal carries a reason code.
    validatorCompiler: () => () => true,
    bodyLimit: s.maxImageBytes + 256 * 1024,
    // Everything that can be decided from the headers is decided before a byte of the body is read (issue 12): the
    // breaker, the credentials, and for a bearer key the store's rate limit. An unauthenticated request gets its 401
    // with `connection: close`, so its body is neither parsed nor drained.
    onRequest: async (request, reply) => {
      try {
        if (deps.breaker.open) {
          reply.header('retry-after', String(deps.breaker.retryAfterSeconds));
          throw refusal('INGEST_OVERLOADED', 'the mesh is behind its SLA: retry later');
        }
        const identity = await identify(
          request.headers,
          deps.registry,
          s.authMode,
          s.signatureWindowMs,
          now(),
        );
        identities.set(request, identity);
        // A bearer key is authenticated now; a signed request only once its HMAC is verified (handler).
        if (identity.method === 'api-key') await limitStore.call(server, request, reply);
      } catch (err) {
        reply.header('connection', 'close');
        throw err;
      }
    },
    preParsing: async (request, _reply, payload) => {
      if (identities.get(request)?.method !== 'hmac') return payload;
      // Keep the raw bytes of a signed request: the HMAC covers the body exactly as sent.
      const chunks: Buffer[] = [];
      rawBodies.set(request, chunks);
      const tee = new Transform({
        transform(chunk: Buffer, _enc, done) {
          chunks.push(chunk);
          done(null, chunk);
        },
      });
      payload.on('error', (err) => tee.destroy(err));
      return payload.pipe(tee);
    },
    errorHandler: (err, _request, reply) => sendError(reply, err, deps.logger),
    handler: async (request, reply) => {
      const identity = identities.get(request) as Identity;
      const { fields, image } = await readBody(request);
      if (identity.method === 'hmac') {
        const body = Buffer.concat(rawBodies.get(request) ?? []);
        // The device's own signing secret (stored encrypted), never the stored key hash (issue 12).
        const verdict = verifySignature(
          identity.signature,
          identity.device.signingSecret,
          body,
          now(),
          s.signatureWindowMs,
        );
        if (!verdict.ok) throw refusal(verdict.code, verdict.message);
        await limitStore.call(server, request, reply);
      }
      return accept(fields, image, identity, reply);
    },
  });

  async function accept(
    fields: CaptureRequest,
    image: { bytes: Buffer; mime?: string } | undefined,
    identity: Identity,
    reply: FastifyReply,
  ) {
    const at = now();
    const provisional = fields.capture_id ?? computeIdOrUndefined(fields);
    const meta = validateMetadata({ ...fields, capture_id: provisional }, null, at, s);
    if (!meta.ok) throw refusal(meta.code, meta.message);
    const m = meta.value;
    if (m.storeId !== identity.device.storeId || m.deviceId !== identity.device.deviceId) {
      throw refusal(
        'INGEST_AUTH_WRONG_STORE',
        `device ${identity.device.deviceId} may not submit for store ${m.storeId} / device ${m.deviceId}`,
      );
    }
    if (image && fields.image_uri)
      throw refusal('INGEST_IMAGE_AMBIGUOUS', 'send an image file or an image_uri, not both');
    if (!image && !fields.image_uri)
      throw refusal('INGEST_IMAGE_MISSING', 'send an image file or an image_uri');
    let imageUri: string;
    let contentType: string | null = fields.content_type ?? null;
    if (image) {
      const facts = sniffImage(image.bytes, s);
      if (!facts.ok) throw refusal(facts.code, facts.message);
      const declared = checkDeclaredType(fields.content_type ?? image.mime, facts.value.mime);
      if (!declared.ok) throw refusal(declared.code, declared.message);
      contentType = facts.value.mime;
      if (await deps.ledger.originOf(m.captureId)) return duplicate(m.captureId, reply);
      imageUri = (await deps.blobStore.put(image.bytes, facts.value.mime)).uri;
    } else {
      const uri = checkImageUri(fields.image_uri as string, s.uri);
      if (!uri.ok) throw refusal(uri.code, uri.message);
      if (await deps.ledger.originOf(m.captureId)) return duplicate(m.captureId, reply);
      imageUri = uri.value.uri;
    }
    const capture: CaptureSubmitted = {
      capture_id: m.captureId,
      store_id: m.storeId,
      aisle: m.aisle,
      fixture_type: m.fixtureType,
      captured_at: m.capturedAt,
      device_id: m.deviceId,
      planogram_version: m.planogramVersion,
      image_bytes: null,
      image_uri: imageUri,
      content_type: contentType,
      source: 'HTTP_GATEWAY',
      submitted_at: at,
      attributes: fields.attributes,
    } as CaptureSubmitted;
    try {
      await deps.publish(capture);
    } catch (err) {
      throw new StageError('INGEST_PUBLISH_FAILED', `cannot produce the capture: ${(err as Error).message}`, {
        retriable: true,
        cause: err,
      });
    }
    return reply.code(202).send({ capture_id: m.captureId, status: 'accepted' });
  }

  function duplicate(captureId: string, reply: FastifyReply) {
    deps.onDuplicate?.(captureId);
    return reply.code(200).send({ capture_id: captureId, status: 'duplicate' });
  }
}

function computeIdOrUndefined(fields: CaptureRequest): string | undefined {
  // Clients may leave capture_id out; the gate then checks only what it can recompute.
  const { store_id, aisle, captured_at, device_id } = fields;
  if (!store_id || !aisle || typeof captured_at !== 'number' || !device_id) return undefined;
  try {
    return idempotencyKeyOf(store_id, aisle, captured_at, device_id);
  } catch {
    return undefined;
  }
}

function idempotencyKeyOf(storeId: string, aisle: string, capturedAt: number, deviceId: string): string {
  return idempotencyKey({ storeId, aisle, capturedAt, deviceId });
}

async function readBody(
  request: FastifyRequest,
): Promise<{ fields: CaptureRequest; image?: { bytes: Buffer; mime?: string } }> {
  if (!request.isMultipart()) {
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw refusal('INGEST_BODY_INVALID', 'send multipart/form-data or a JSON object');
    return { fields: toCaptureRequest(body as Record<string, unknown>) };
  }
  const raw: Record<string, unknown> = {};
  let image: { bytes: Buffer; mime?: string } | undefined;
  for await (const part of request.parts()) {
    if (part.type === 'file') {
      if (part.fieldname !== 'image')
        throw refusal('INGEST_BODY_INVALID', `unexpected file field ${part.fieldname}`);
      image = { bytes: await part.toBuffer(), mime: part.mimetype };
    } else if (part.fieldname === 'metadata' && typeof part.value === 'string') {
      try {
        Object.assign(raw, JSON.parse(part.value));
      } catch {
        throw refusal('INGEST_BODY_INVALID', 'the metadata field is not JSON');
      }
    } else {
      raw[part.fieldname] = part.value;
    }
  }
  return image ? { fields: toCaptureRequest(raw), image } : { fields: toCaptureRequest(raw) };
}

function refusalWithStatus(
  code: IngestionReasonCode,
  message: string,
  statusCode: number,
): StageError & { statusCode: number } {
  return Object.assign(refusal(code, message), { statusCode });
}

function sendError(reply: FastifyReply, err: unknown, logger: Logger) {
  if (isStageError(err) && err.code in IngestionReasons) {
    const code = err.code as IngestionReasonCode;
    const status = (err as { statusCode?: number }).statusCode ?? httpStatusOf(code);
    if (status >= 500) logger.warn({ err, code }, 'capture request failed');
    return reply.code(status).send({ code, message: err.message });
  }
  // A dependency's own transient code (BLOB_UNAVAILABLE from the blob store): the client should retry, not give up.
  if (isStageError(err) && err.retriable) {
    logger.warn({ err, code: err.code }, 'capture request failed: a dependency is down');
    return reply.code(503).header('retry-after', '5').send({ code: err.code, message: err.message });
  }
  const fastifyCode = (err as { code?: string }).code ?? '';
  if (
    fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE' ||
    fastifyCode === 'FST_REQ_FILE_TOO_LARGE' ||
    fastifyCode === 'FST_PARTS_LIMIT' ||
    fastifyCode === 'FST_FILES_LIMIT'
  ) {
    return reply.code(413).send({ code: 'INGEST_IMAGE_TOO_LARGE', message: (err as Error).message });
  }
  const status = (err as { statusCode?: number }).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return reply.code(status).send({ code: 'INGEST_BODY_INVALID', message: (err as Error).message });
  }
  logger.error({ err }, 'capture request failed unexpectedly');
  return reply.code(500).send({ code: 'INGEST_INTERNAL', message: 'internal error' });
}
