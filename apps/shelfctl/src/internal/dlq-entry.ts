import type { DeadLetter } from '@shelfstream/contracts';

/** One record of the DLQ topic as read back: its position, and the decoded DeadLetter when it decoded. */
export interface DlqEntry {
  readonly partition: number;
  readonly offset: string;
  /** Kafka record timestamp (epoch ms). */
  readonly timestamp: number;
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string>>;
  /** Null when the value did not decode as a DeadLetter (see `decodeError`). */
  readonly letter: DeadLetter | null;
  readonly decodeError?: string;
}

/** `<partition>:<offset>`, how operators name a dead letter. */
export function dlqPosition(entry: Pick<DlqEntry, 'partition' | 'offset'>): string {
  return `${entry.partition}:${entry.offset}`;
}
