import { type BlobStore, contentAddressOf } from '@shelfstream/blob-store';
import type { CaptureAccepted, CaptureSubmitted, TopicNames } from '@shelfstream/contracts';
import {
  deadLetter,
  isStageError,
  type Outcome,
  ok,
  type PassedCode,
  passedCode,
  retry,
  skip,
} from '@shelfstream/errors';
import type { StageOutput, StageProcess } from '@shelfstream/kafka';
import { type DedupLedger, type RecordOrigin, sameOrigin } from './dedup-ledger.js';
import type { ImageFetcher } from './image-fetcher.js';
import { toStageOutputs } from './output.js';
import type { IngestionReason } from './reasons.js';
import { imageSourceOf } from './transform/image-source.js';
import {
  checkDeclaredType,
  type ImageMime,
  imagePart,
  isImageMime,
  type SniffLimits,
  sniffImage,
} from './transform/sniff-image.js';
import { type StoredImage, toCaptureAccepted } from './transform/to-capture-accepted.js';
import type { UriRules } from './transform/uri-rules.js';
import { validateMetadata } from './transform/validate-metadata.js';

/**
 * The outcome of accepting one capture: an ingestion reason code, or the code of a dependency's StageError (the blob
 * store's BLOB_UNAVAILABLE, ...) passed on unchanged.
 */
export type AcceptOutcome = Outcome<CaptureAccepted, IngestionReason | PassedCode>;

/** What the acceptance of one capture needs. */
export interface AcceptDeps {
  readonly ledger: DedupLedger;
  readonly blobStore: BlobStore;
  readonly fetcher: ImageFetcher;
  readonly rules: SniffLimits & {
    readonly maxImageBytes: number;
    readonly maxClockSkewMs: number;
    readonly maxCaptureAgeMs: number;
    readonly uri: UriRules;
  };
  readonly now?: () => number;
  /** Called for every dropped duplicate (metrics). */
  readonly onDuplicate?: (captureId: string) => void;
}

/**
 * The stage's `process`: accepts each record of a chunk in order through {@link acceptCapture} and turns each
 * accepted capture into its outputs ({@link toStageOutputs}).
 */
export function createStage(
  deps: AcceptDeps,
  topics: Pick<TopicNames, 'capturesValidated'>,
): StageProcess<CaptureSubmitted> {
  return async (records) => {
    const outcomes: Outcome<StageOutput>[] = [];
    // One at a time, in partition order: two records of one key in a chunk must meet the ledger in order.
    for (const r of records) {
      // The first origin, not the current coordinates: a record back from the retry topic or a DLQ replay is the
      // same logical record, and must be re-emitted if its claim committed before the failure (issue 12).
      const outcome = await acceptCapture(r.value, r.key, r.firstOrigin, deps);
      outcomes.push(
        outcome.kind === 'ok' ? ok(...outcome.outputs.flatMap((a) => toStageOutputs(topics, a))) : outcome,
      );
    }
    return outcomes;
  };
}

/**
 * The per-record step, the single place a capture is accepted, whichever channel it came through: the validation gate, dedup against the
 * ledger, the claim check, and the CaptureAccepted to emit. Permanent failures dead-letter with their reason code,
 * transient ones (fetch, blob store, database) retry, an error without a reason code dead-letters this record only
 * (INGEST_UNEXPECTED_ERROR); a duplicate is skipped with code DUPLICATE.
 *
 * `origin` is where the record was FIRST consumed (`StageRecord.firstOrigin`, carried through the retry topic and DLQ
 * replays), so any redelivery of the same record after its claim committed (a lost database reply, an aborted Kafka
 * transaction) is re-emitted; only a different record for a claimed capture id is a duplicate.
 */
export async function acceptCapture(
  value: CaptureSubmitted,
  key: string | null,
  origin: RecordOrigin,
  deps: AcceptDeps,
): Promise<AcceptOutcome> {
  const now = deps.now?.() ?? Date.now();
  const meta = validateMetadata(value, key, now, deps.rules);
  if (!meta.ok) return deadLetter(meta.code, new Error(meta.message));
  const captureId = meta.value.captureId;
  try {
    const seen = await deps.ledger.originOf(captureId);
    if (seen && !sameOrigin(seen, origin)) {
      return await duplicate(captureId, deps);
    }
    // The gateway's hand-over: an image it stored is not read back, sniffed or stored again (see gatewayStored).
    const handedOver = gatewayStored(value, deps.blobStore);
    if (handedOver) {
      const stored = await deps.blobStore.describe(handedOver.uri);
      return await claimAndAccept(value, captureId, origin, { ...stored, mime: handedOver.mime }, deps, now);
    }
    const source = imageSourceOf(value, deps.rules.maxImageBytes, deps.rules.uri);
    // Any other URI in our blob store was written by us too, so it skips the external URI rules; it is checked below.
    const ownUri =
      value.image_bytes == null && value.image_uri != null && deps.blobStore.owns(value.image_uri);
    let bytes: Buffer;
    if (ownUri) bytes = await deps.blobStore.get(value.image_uri as string);
    else if (!source.ok) return deadLetter(source.code, new Error(source.message));
    else if (source.value.kind === 'inline') bytes = source.value.bytes;
    else bytes = await deps.fetcher.fetch(source.value.location);
    if (bytes.length > deps.rules.maxImageBytes) {
      return deadLetter(
        'INGEST_IMAGE_TOO_LARGE',
        new Error(`image of ${bytes.length} bytes is over ${deps.rules.maxImageBytes}`),
      );
    }
    const facts = sniffImage(bytes, deps.rules);
    if (!facts.ok) return deadLetter(facts.code, new Error(facts.message));
    const declared = checkDeclaredType(value.content_type, facts.value.mime);
    if (!declared.ok) return deadLetter(declared.code, new Error(declared.message));
    const stored = await deps.blobStore.put(imagePart(bytes, facts.value), facts.value.mime);
    return await claimAndAccept(value, captureId, origin, { ...stored, mime: facts.value.mime }, deps, now);
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    // Errors are per record (issue 12): an error without a reason code (a fetch timeout's DOMException, whose `code`
    // is a number; an EISDIR) must not escape and dead-letter the whole chunk. Unknown errors are not retriable.
    if (!isStageError(err)) return deadLetter('INGEST_UNEXPECTED_ERROR', error);
    return err.retriable ? retry(passedCode(err), error) : deadLetter(passedCode(err), error);
  }
}

/** Claims the capture on the ledger for this record's origin and emits its CaptureAccepted (or skips a duplicate). */
async function claimAndAccept(
  value: CaptureSubmitted,
  captureId: string,
  origin: RecordOrigin,
  stored: StoredImage,
  deps: AcceptDeps,
  now: number,
): Promise<AcceptOutcome> {
  const claim = await deps.ledger.claim({
    captureId,
    origin,
    storeId: value.store_id,
    source: value.source,
    contentSha256: stored.sha256,
    blobUri: stored.uri,
  });
  if (claim === 'duplicate') return await duplicate(captureId, deps);
  return ok(toCaptureAccepted(value, stored, now));
}

/**
 * The image of a capture the gateway accepted: a content-addressed blob of our own store with an accepted image type,
 * referenced by a record without inline bytes. Such a blob passed the gate when it was stored: captures reach this
 * store only through `sniffImage` (the gateway's, or this stage's below) and the stages write normalized images of
 * their own making, so reading it back and sniffing it again checks nothing new. The trust rests on the store, not
 * on a flag in the record that any producer to the raw topic could set. Anything else takes the full path.
 */
function gatewayStored(
  value: CaptureSubmitted,
  store: BlobStore,
): { uri: string; mime: ImageMime } | undefined {
  const uri = value.image_uri;
  const mime = value.content_type;
  if (value.image_bytes != null || uri == null || !isImageMime(mime)) return undefined;
  return store.owns(uri) && contentAddressOf(uri) !== undefined ? { uri, mime } : undefined;
}

async function duplicate(captureId: string, deps: AcceptDeps): Promise<AcceptOutcome> {
  await deps.ledger.countDuplicate(captureId);
  deps.onDuplicate?.(captureId);
  return skip('DUPLICATE');
}
