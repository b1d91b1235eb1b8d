import { HeaderNames } from '@shelfstream/kafka';
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
 * `x-replayed-from: dlq:<partition>:<offset>` and `x-attempt: 1`. Throws for an entry that did not decode.
 */
export function toReplayMessage(entry: DlqEntry): ReplayMessage {
  const letter = entry.letter;
  if (!letter) throw new Error(`dead letter ${dlqPosition(entry)} did not decode; it cannot be replayed`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(letter.original_headers)) {
    if (!DROPPED_HEADERS.includes(name)) headers[name] = value;
  }
  const topic = letter.original_headers[HeaderNames.originTopic] || letter.original_topic;
  headers[HeaderNames.originTopic] = topic;
  headers[HeaderNames.attempt] = '1';
  headers[REPLAYED_FROM_HEADER] = `dlq:${dlqPosition(entry)}`;
  return { topic, key: letter.original_key, value: letter.original_value, headers };
}
