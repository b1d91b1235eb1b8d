import type { FastifyRequest } from 'fastify';
import { type CaptureRequest, toCaptureRequest } from './capture-request.js';
import { refusal } from './refusal.js';

/** An uploaded image file and the MIME type its part declared. */
export interface UploadedImage {
  readonly bytes: Buffer;
  readonly mime?: string;
}

/**
 * Reads a capture request's body: a JSON object, or multipart/form-data with an optional `image` file, a `metadata`
 * JSON field and plain fields. Throws an INGEST_BODY_INVALID refusal for anything else.
 */
export async function readBody(
  request: FastifyRequest,
): Promise<{ fields: CaptureRequest; image?: UploadedImage }> {
  if (!request.isMultipart()) {
    const body = request.body;
    if (!body || typeof body !== 'object' || Array.isArray(body))
      throw refusal('INGEST_BODY_INVALID', 'send multipart/form-data or a JSON object');
    return { fields: toCaptureRequest(body as Record<string, unknown>) };
  }
  const raw: Record<string, unknown> = {};
  let image: UploadedImage | undefined;
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
