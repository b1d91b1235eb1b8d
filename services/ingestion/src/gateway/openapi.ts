/** OpenAPI description of `POST /v1/captures` (served at /docs/json through @fastify/swagger). */
export const captureRouteSchema = {
  summary: 'Submit a shelf photo',
  description:
    'multipart/form-data with an `image` file and metadata fields (or one `metadata` JSON field), or JSON with an ' +
    '`image_uri`. Authenticate with `Authorization: Bearer <device key>` or `x-shelfstream-device` + ' +
    "`x-shelfstream-signature: t=<unix ms>,v1=<hex hmac-sha256(sha256hex(key), t + '.' + body)>`.",
  consumes: ['multipart/form-data', 'application/json'],
  security: [{ apiKey: [] }, { hmac: [] }],
  body: {
    type: 'object',
    required: ['store_id', 'aisle', 'fixture_type', 'captured_at', 'device_id', 'planogram_version'],
    properties: {
      capture_id: {
        type: 'string',
        description: 'idempotency key; computed when omitted, checked when given',
      },
      store_id: { type: 'string' },
      aisle: { type: 'string' },
      fixture_type: { type: 'string', enum: ['GONDOLA', 'ENDCAP', 'FREEZER'] },
      captured_at: { type: 'string', description: 'ISO-8601 UTC or epoch milliseconds' },
      device_id: { type: 'string' },
      planogram_version: { type: 'string' },
      image: { type: 'string', format: 'binary', description: 'JPEG, PNG or WebP (multipart only)' },
      image_uri: { type: 'string', description: 's3:// or https:// (JSON only), subject to the allowlists' },
      content_type: { type: 'string' },
      attributes: { type: 'object', additionalProperties: { type: 'string' } },
    },
  },
  response: {
    200: {
      description: 'already known: the existing capture id',
      type: 'object',
      properties: { capture_id: { type: 'string' }, status: { type: 'string' } },
    },
    202: {
      description: 'accepted for processing',
      type: 'object',
      properties: { capture_id: { type: 'string' }, status: { type: 'string' } },
    },
    '4xx': {
      description: 'refused: `code` is the ingestion reason code (see README)',
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
    '5xx': {
      description: 'temporarily unable (database, Kafka)',
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' } },
    },
  },
} as const;
