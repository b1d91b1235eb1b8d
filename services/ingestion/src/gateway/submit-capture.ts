import { type CaptureSubmitted, idempotencyKey } from '@shelfstream/contracts';
import { StageError } from '@shelfstream/errors';
import type { FastifyReply } from 'fastify';
import { checkDeclaredType, imagePart, sniffImage } from '../transform/sniff-image.js';
import { checkImageUri } from '../transform/uri-rules.js';
import { validateMetadata } from '../transform/validate-metadata.js';
import type { Identity } from './authenticate.js';
import type { CaptureRequest } from './capture-request.js';
import type { GatewayDeps } from './gateway-deps.js';
import type { UploadedImage } from './read-body.js';
import { refusal } from './refusal.js';

/**
 * Submits an authenticated capture request: runs the same validation gate as the Kafka path (same reason codes,
 * thrown as refusals), answers 200 with the existing id for a capture already in the ledger, else stores an uploaded
 * image in the blob store, produces a CaptureSubmitted (image_uri = the blob, or the checked image_uri) to the raw
 * topic and answers 202. The Kafka stage stays the single place that dedups and emits.
 */
export async function submitCapture(
  fields: CaptureRequest,
  image: UploadedImage | undefined,
  identity: Identity,
  reply: FastifyReply,
  deps: GatewayDeps,
) {
  const s = deps.settings;
  const at = (deps.now ?? Date.now)();
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
    if (await deps.ledger.originOf(m.captureId)) return duplicate(m.captureId, reply, deps);
    imageUri = (await deps.blobStore.put(imagePart(image.bytes, facts.value), facts.value.mime)).uri;
  } else {
    const uri = checkImageUri(fields.image_uri as string, s.uri);
    if (!uri.ok) throw refusal(uri.code, uri.message);
    if (await deps.ledger.originOf(m.captureId)) return duplicate(m.captureId, reply, deps);
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

function duplicate(captureId: string, reply: FastifyReply, deps: GatewayDeps) {
  deps.onDuplicate?.(captureId);
  return reply.code(200).send({ capture_id: captureId, status: 'duplicate' });
}

function computeIdOrUndefined(fields: CaptureRequest): string | undefined {
  // Clients may leave capture_id out; the gate then checks only what it can recompute.
  const { store_id, aisle, captured_at, device_id } = fields;
  if (!store_id || !aisle || typeof captured_at !== 'number' || !device_id) return undefined;
  try {
    return idempotencyKey({ storeId: store_id, aisle, capturedAt: captured_at, deviceId: device_id });
  } catch {
    return undefined;
  }
}
