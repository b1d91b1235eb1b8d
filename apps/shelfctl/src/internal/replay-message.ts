import type { DeadLetter } from '@shelfstream/contracts';
import { type FirstOrigin, firstOriginHeaders, HeaderNames } from '@shelfstream/kafka';
import { type DlqEntry, dlqPosition } from './dlq-entry.js';

/** Header naming the dead letter a replayed record came from: `dlq:<partition>:<offset>`. */
export const REPLAYED_FROM_HEADER = 'x-replayed-from';

/** A record to re-produce. */
export interface ReplayMessage {
  readonly topic: string;
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

// Retry bookkeeping of the failed attempt: a replay starts over, so these must not make the stage think it is due
// later or already failing.
const DROPPED_HEADERS: readonly string[] = [
  HeaderNames.dueMs,
  HeaderNames.firstFailureMs,
  HeaderNames.lastReason,
];

/**
 * The record a dead letter replays as: its original key, value and headers, sent to the stage input it came from
 * (`x-origin-topic` when the failure happened on a retry topic, else `original_topic`), with
 * `x-replayed-from: dlq:<partition>:<offset>`, `x-attempt: 1` and the record's first origin in
 * `x-origin-topic`/`x-origin-partition`/`x-origin-offset` (see {@link firstOriginOfLetter}): the stage then knows the
 * replay for the same logical record and re-emits an output whose side effects had committed (issue 12). Throws for
 * an entry that did not decode.
 */
export function toReplayMessage(entry: DlqEntry): ReplayMessage {
  const letter = entry.letter;
  if (!letter) throw new Error(`dead letter ${dlqPosition(entry)} did not decode; it cannot be replayed`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(letter.original_headers)) {
    if (!DROPPED_HEADERS.includes(name)) headers[name] = value;
  }
  const topic = letter.original_headers[HeaderNames.originTopic] || letter.original_topic;
  Object.assign(headers, firstOriginHeaders(firstOriginOfLetter(letter)));
  headers[HeaderNames.attempt] = '1';
  headers[REPLAYED_FROM_HEADER] = `dlq:${dlqPosition(entry)}`;
  return { topic, key: letter.original_key, value: letter.original_value, headers };
}

/**
 * Where a dead-lettered record was first consumed: the `x-origin-*` headers it carried when all three are there (it
 * failed on a retry topic, or was itself a replay), else its own `original_*` coordinates (it failed on its input
 * topic). A dead letter written before the partition and offset headers existed has only `x-origin-topic`: its own
 * coordinates are then on the retry topic, which the stage does not accept as an origin, so the replay counts as a new
 * record, as it did before.
 */
function firstOriginOfLetter(letter: DeadLetter): FirstOrigin {
  const h = letter.original_headers;
  const topic = h[HeaderNames.originTopic];
  const partition = h[HeaderNames.originPartition];
  const offset = h[HeaderNames.originOffset];
  if (topic && partition && offset) return { topic, partition: Number(partition), offset };
  return {
    topic: letter.original_topic,
    partition: letter.original_partition,
    offset: String(letter.original_offset),
  };
}
