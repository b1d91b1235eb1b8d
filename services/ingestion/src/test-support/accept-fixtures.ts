import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FsBlobStore } from '@shelfstream/blob-store';
import { type CaptureSubmitted, idempotencyKey } from '@shelfstream/contracts';
import { StageError } from '@shelfstream/errors';
import type { FirstOrigin, StageRecord } from '@shelfstream/kafka';
import { createLogger, extractTraceContext } from '@shelfstream/observability';
import { InMemoryDedupLedger } from '../dedup-ledger.js';
import type { AcceptDeps } from '../stage.js';
import { sampleImage } from './images.js';

/** The fixed clock of the acceptance tests (tests only). */
export const testNow = Date.UTC(2026, 10, 24, 12, 0, 0);

/** Acceptance dependencies over an in-memory ledger and a temporary FsBlobStore; the fetcher fails transiently. */
export async function acceptDeps<L extends AcceptDeps['ledger'] = InMemoryDedupLedger>(
  over: Partial<AcceptDeps> = {},
): Promise<AcceptDeps & { ledger: L }> {
  return {
    ledger: new InMemoryDedupLedger(),
    blobStore: new FsBlobStore(await mkdtemp(join(tmpdir(), 'ingest-'))),
    fetcher: {
      fetch: async () => {
        throw new StageError('INGEST_URI_FETCH_FAILED', 'network down', { retriable: true });
      },
    },
    rules: {
      maxImageBytes: 1024 * 1024,
      maxPixels: 10_000_000,
      minImageSide: 64,
      maxAspectRatio: 8,
      maxClockSkewMs: 60_000,
      maxCaptureAgeMs: 86_400_000,
      uri: {
        allowedSchemes: ['https'],
        allowedHosts: ['*'],
        allowedBuckets: [],
        allowPrivateAddresses: false,
      },
    },
    now: () => testNow,
    ...over,
  } as AcceptDeps & { ledger: L };
}

/**
 * A valid inline CaptureSubmitted (JPEG) of store s1, device d1, taken 5 s before {@link testNow}; its capture id is
 * the idempotency key of the (overridden) metadata unless `capture_id` itself is overridden.
 */
export async function sampleCapture(over: Partial<CaptureSubmitted> = {}): Promise<CaptureSubmitted> {
  const capture = {
    store_id: 's1',
    aisle: 'A1',
    fixture_type: 'GONDOLA',
    captured_at: testNow - 5000,
    device_id: 'd1',
    planogram_version: 'v1',
    image_bytes: await sampleImage('jpeg'),
    image_uri: null,
    content_type: 'image/jpeg',
    source: 'EDGE_DEVICE',
    submitted_at: testNow,
    attributes: {},
    ...over,
  };
  const key = idempotencyKey({
    storeId: capture.store_id,
    aisle: capture.aisle,
    capturedAt: capture.captured_at,
    deviceId: capture.device_id,
  });
  return { capture_id: key, ...capture } as CaptureSubmitted;
}

const silent = createLogger({ service: 'test', level: 'silent' as 'fatal' });

/**
 * A StageRecord as the runner hands it to `process`: consumed at `at`, first consumed at `firstOrigin` (the same
 * coordinates unless it came back through the retry topic or a DLQ replay).
 */
export function stageRecord<V>(
  value: V,
  key: string | null,
  at: FirstOrigin,
  firstOrigin: FirstOrigin = at,
): StageRecord<V> {
  return {
    topic: at.topic,
    originTopic: firstOrigin.topic,
    firstOrigin,
    partition: at.partition,
    offset: at.offset,
    key,
    value,
    rawValue: Buffer.alloc(0),
    headers: {},
    attempt: at === firstOrigin ? 1 : 2,
    firstSeenMs: testNow,
    traceContext: extractTraceContext({}),
    logger: silent,
  };
}
