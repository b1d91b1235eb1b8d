/**
 * Sends one fallback record to a running edge tier and waits for its detections: proof that the tier decodes, runs
 * the detector in its worker thread and produces. deploy/validate/prod-layout.sh runs it (from source) against the
 * edge tier it started from the production layout (dist, NODE_ENV=production).
 *
 * Env: the stack connection (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, ...), KAFKA_TOPIC_NAMESPACE of the tier,
 * PROBE_BLOB_DIR = the folder of the tier's file:// BLOB_STORE_URL. Exits 0 when the edge tier answered, 1 otherwise.
 *
 *   node --conditions=@shelfstream/source --import tsx services/inference/test/smoke/edge-probe.ts
 */
import { FsBlobStore } from '@shelfstream/blob-store';
import { loadConfig } from '@shelfstream/config';
import { type DetectionsProduced, type FallbackRequested, idempotencyKey } from '@shelfstream/contracts';
import { kafkaConnectionConfig, TypedProducer } from '@shelfstream/kafka';
import { generateScene } from '@shelfstream/synthetic-shelf';
import { namespaceClients, readTopic } from '@shelfstream/testkit';
import { preparedImage } from '../fixtures/prepared-image.js';

const blobDir = process.env['PROBE_BLOB_DIR'];
if (!blobDir) {
  process.stderr.write('edge-probe: PROBE_BLOB_DIR is required\n');
  process.exit(2);
}
// The tier's namespace comes from the environment, as the tier's own does: not a fresh test namespace.
const { topics, kafka, codec } = namespaceClients(loadConfig(kafkaConnectionConfig), {
  clientId: 'edge-probe',
  logLevel: 'warn',
});

const scene = await generateScene(7, { width: 640, height: 480 });
const stored = await new FsBlobStore(blobDir).put(scene.image, 'image/jpeg');
const capturedAt = Date.now();
const captureId = idempotencyKey({ storeId: 'store-001', aisle: 'A01', deviceId: 'cam-1', capturedAt });
const value: FallbackRequested = {
  capture_id: captureId,
  image: preparedImage({
    capture_id: captureId,
    captured_at: capturedAt,
    blob_uri: stored.uri,
    width: scene.width,
    height: scene.height,
  }),
  from_tier: 'REMOTE',
  reason_code: 'INFERENCE_REMOTE_FAILED',
  reason_detail: 'edge-probe',
  fallback_reasons: ['INFERENCE_REMOTE_FAILED'],
  failed_at: capturedAt,
};

const producer = new TypedProducer(kafka, codec);
await producer.connect();
await producer.send([{ topic: topics.fallbackEdge, key: captureId, value }]);
await producer.disconnect();

const records = await readTopic<DetectionsProduced>(kafka, topics.detections, {
  until: (rs) => rs.some((r) => r.key === captureId),
  decode: (v) => codec.decode(v, topics.detections),
  timeoutMs: 60_000,
});
const answer = records.find((r) => r.key === captureId)?.decoded;
if (answer?.tier !== 'EDGE') {
  process.stderr.write(
    `edge-probe: no EDGE detections for ${captureId} (got ${answer?.tier ?? 'nothing'})\n`,
  );
  process.exit(1);
}
process.stdout.write(
  `edge tier answered ${captureId.slice(0, 12)}: ${answer.detections.length} detections, model ${answer.model_id}\n`,
);
process.exit(0);
