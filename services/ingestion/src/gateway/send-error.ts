import { isStageError } from '@shelfstream/errors';
import type { Logger } from '@shelfstream/observability';
import type { FastifyReply } from 'fastify';
import { httpStatusOf, type IngestionReason, IngestionReasons } from '../reasons.js';

/**
 * Answers a failed capture request: a reason code of this stage with its HTTP status, a dependency's transient code
 * with 503 and Retry-After, fastify's size limits as INGEST_IMAGE_TOO_LARGE, its other 4xx as INGEST_BODY_INVALID,
 * anything else 500 INGEST_UNEXPECTED_ERROR.
 */
export function sendError(reply: FastifyReply, err: unknown, logger: Logger) {
  if (isStageError(err) && err.code in IngestionReasons) {
    const code = err.code as IngestionReason;
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
    return reply.code(413).send({ code: reason('INGEST_IMAGE_TOO_LARGE'), message: (err as Error).message });
  }
  const status = (err as { statusCode?: number }).statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return reply.code(status).send({ code: reason('INGEST_BODY_INVALID'), message: (err as Error).message });
  }
  logger.error({ err }, 'capture request failed unexpectedly');
  // One vocabulary: the 500 answers the registered code of an error without one (it said INGEST_INTERNAL, a code no
  // registry, metric or README table knew).
  return reply.code(500).send({ code: reason('INGEST_UNEXPECTED_ERROR'), message: 'internal error' });
}

/** A code of this stage's registry: a misspelt one fails the typecheck. */
function reason(code: IngestionReason): IngestionReason {
  return code;
}
