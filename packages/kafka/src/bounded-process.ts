import { isStageError, type Outcome } from '@shelfstream/errors';
import type { Logger } from '@shelfstream/observability';
import type { StageDefinition, StageOutput, StageRecord } from './stage-definition.js';

/** One outcome per record of a chunk, in order (undefined only where the stage's array has a hole). */
export type ChunkOutcomes = readonly (Outcome<StageOutput> | undefined)[];

/** How a chunk's processing is bounded, and how the group is kept informed meanwhile. */
export interface ProcessBound {
  /** Longest the stage may take over a chunk before its records are retried (KAFKA_CHUNK_TIMEOUT). */
  readonly boundMs: number;
  readonly heartbeatIntervalMs: number;
  readonly heartbeat: () => Promise<void>;
  readonly logger: Logger;
  /** The stage's name, for log lines. */
  readonly stage: string;
}

/**
 * Runs the stage's `process` over a chunk while heartbeating the group, and bounds it: past `boundMs` the chunk's
 * records are retried (KAFKA_CHUNK_TIMEOUT) rather than committed by a member the group may already have replaced.
 * A stage that throws gets its error turned into one outcome per record; it never fails the chunk.
 */
export async function processWithinBound<In>(
  process: StageDefinition<In>['process'],
  records: readonly StageRecord<In>[],
  bound: ProcessBound,
): Promise<ChunkOutcomes> {
  const { boundMs, logger } = bound;
  const beat = setInterval(() => {
    bound.heartbeat().catch((err: unknown) => logger.warn({ err }, 'heartbeat failed'));
  }, bound.heartbeatIntervalMs);
  let timer: NodeJS.Timeout | undefined;
  try {
    const running = outcomesOf(process, records, bound);
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), boundMs);
    });
    const result = await Promise.race([running, timedOut]);
    if (result !== 'timeout') return result;
    // The late result is dropped: side effects are idempotent and the retried records re-emit their outputs.
    running.catch(() => undefined);
    logger.warn({ stage: bound.stage, boundMs }, 'chunk processing ran past its bound: retrying');
    const error = new Error(`chunk of ${records.length} records took longer than ${boundMs} ms`);
    return records.map(() => ({ kind: 'retry' as const, code: 'KAFKA_CHUNK_TIMEOUT', error }));
  } finally {
    clearInterval(beat);
    clearTimeout(timer);
  }
}

async function outcomesOf<In>(
  process: StageDefinition<In>['process'],
  records: readonly StageRecord<In>[],
  bound: Pick<ProcessBound, 'logger' | 'stage'>,
): Promise<ChunkOutcomes> {
  if (records.length === 0) return [];
  try {
    const outcomes = await process(records);
    if (outcomes.length !== records.length) {
      throw new Error(`process returned ${outcomes.length} outcomes for ${records.length} records`);
    }
    return outcomes;
  } catch (err) {
    const error = err instanceof Error ? err : new Error(String(err));
    if (isStageError(err)) {
      const outcome: Outcome<StageOutput> = err.retriable
        ? { kind: 'retry', code: err.code, error }
        : { kind: 'dead-letter', code: err.code, error };
      return records.map(() => outcome);
    }
    bound.logger.error({ err: error, stage: bound.stage }, 'stage threw instead of returning outcomes');
    return records.map(() => ({ kind: 'dead-letter' as const, code: 'STAGE_UNHANDLED_ERROR', error }));
  }
}
