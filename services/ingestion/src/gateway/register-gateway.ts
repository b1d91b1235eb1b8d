import { Transform } from 'node:stream';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { HealthServer } from '@shelfstream/observability';
import type { FastifyRequest } from 'fastify';
import { verifySignature } from '../transform/hmac-signature.js';
import { type Identity, identify } from './authenticate.js';
import { drainRefusedBody } from './drain-refused-body.js';
import type { GatewayDeps } from './gateway-deps.js';
import { captureRouteSchema } from './openapi.js';
import { readBody } from './read-body.js';
import { refusal, refusalWithStatus } from './refusal.js';
import { sendError } from './send-error.js';
import { submitCapture } from './submit-capture.js';

/**
 * Adds `POST /v1/captures` and `GET /docs/json` to a fastify server (before it listens). The route authenticates the
 * device from the headers before reading the body, applies the per-store rate limit to authenticated requests only
 * (a signed request once its HMAC is verified), then hands the request to {@link submitCapture} (validation gate,
 * dedup answer, claim check, produce). While the SLA breaker is open it answers 429 with Retry-After.
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
    // breaker, the credentials, and for a bearer key the store's rate limit. A refused request gets its answer with
    // `connection: close` and its body is never parsed; only a small one (64 KiB) is read and dropped first, so that
    // the close does not reset the connection before the client has read the answer.
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
        await drainRefusedBody(request.raw);
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
      return submitCapture(fields, image, identity, reply, deps);
    },
  });
}
