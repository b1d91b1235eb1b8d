import type { TopicNames } from '@shelfstream/contracts';
import { type DriftHold, markReprocessed, type Pool, replayableHolds } from '@shelfstream/db';
import type { ProduceRequest } from '@shelfstream/kafka';

/** Options of {@link reprocessDrift}. */
export interface ReprocessDriftOptions {
  readonly pool: Pool;
  /** Sends records into the mesh (a `TypedProducer`). */
  readonly producer: { send(requests: readonly ProduceRequest[]): Promise<void> };
  readonly topics: Pick<TopicNames, 'detections'>;
  /** Only this store's held captures. */
  readonly storeId?: string;
  /** Most republishes in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Called once with the total, then after each capture. */
  readonly onProgress?: (done: number, total: number) => void;
  readonly now?: () => number;
}

/** What a reprocess run did. */
export interface ReprocessDriftReport {
  /** Held captures whose version is active now and that were not republished before. */
  readonly total: number;
  readonly republished: number;
  /** Republished meanwhile by a concurrent run (its checkpoint was already set). */
  readonly alreadyDone: number;
  readonly failed: readonly { readonly captureId: string; readonly error: string }[];
}

/**
 * Replays captures held by the version gate once their planogram version is the active one: republishes each held
 * DetectionsProduced, unchanged, to the detections topic, then sets its checkpoint (`reprocessed_at`). A re-run only
 * sees captures without a checkpoint, so it resumes where a cut-short run stopped. A capture republished just before
 * a crash (checkpoint not yet written) is republished again on the next run, and the scorer drops that second copy as
 * a DUPLICATE (it already has a result for the capture): the capture is still scored once.
 */
export async function reprocessDrift(options: ReprocessDriftOptions): Promise<ReprocessDriftReport> {
  const holds = await replayableHolds(options.pool, options.storeId ? { storeId: options.storeId } : {});
  const total = holds.length;
  options.onProgress?.(0, total);
  let next = 0;
  let done = 0;
  let republished = 0;
  let alreadyDone = 0;
  const failed: { captureId: string; error: string }[] = [];
  const now = options.now ?? Date.now;
  const worker = async () => {
    for (let i = next++; i < holds.length; i = next++) {
      const hold = holds[i] as DriftHold;
      try {
        await options.producer.send([
          { topic: options.topics.detections, key: hold.captureId, value: hold.detections },
        ]);
        if (await markReprocessed(options.pool, hold.captureId, now())) republished += 1;
        else alreadyDone += 1;
      } catch (err) {
        failed.push({ captureId: hold.captureId, error: (err as Error).message });
      }
      done += 1;
      options.onProgress?.(done, total);
    }
  };
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 4, Math.max(1, total)));
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { total, republished, alreadyDone, failed };
}
