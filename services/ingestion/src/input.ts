import { type CaptureSubmitted, ConsumerGroups } from '@shelfstream/contracts';
import type { StageDefinition } from '@shelfstream/kafka';
import { type AcceptDeps, acceptCapture } from './accept-capture.js';
import { toStageOutcome } from './output.js';

/** Topic names the stage uses (computed through topicNames(namespace)). */
export interface IngestionTopics {
  readonly raw: string;
  readonly validated: string;
  readonly retry: string;
  readonly deadLetters: string;
}

/**
 * The ingestion stage: consumes CaptureSubmitted from the raw topic (and its retry topic) and accepts each record in
 * order through {@link acceptCapture}. Undecodable bytes are dead-lettered by the runner (KAFKA_DECODE_FAILED).
 */
export function ingestionStage(
  topics: IngestionTopics,
  deps: AcceptDeps,
  isOverloaded: () => boolean,
): StageDefinition<CaptureSubmitted> {
  return {
    name: 'ingestion',
    deadLetterStage: 'INGESTION',
    groupId: ConsumerGroups.ingestion.main,
    inputTopics: [topics.raw],
    outputTopics: [topics.validated],
    retryTopic: topics.retry,
    deadLetterTopic: topics.deadLetters,
    maxBatchRecords: 20,
    captureIdOf: (v) => v.capture_id,
    isOverloaded,
    process: async (records) => {
      const outcomes = [];
      // One at a time, in partition order: two records of one key in a chunk must meet the ledger in order.
      for (const r of records) {
        // The first origin, not the current coordinates: a record back from the retry topic or a DLQ replay is the
        // same logical record, and must be re-emitted if its claim committed before the failure (issue 12).
        const outcome = await acceptCapture(r.value, r.key, r.firstOrigin, deps);
        outcomes.push(toStageOutcome(outcome, topics.validated));
      }
      return outcomes;
    },
  };
}
