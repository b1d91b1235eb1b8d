import { type DlqEntry, dlqPosition } from './dlq-entry.js';
import type { ReplayLedger } from './replay-ledger.js';
import { type ReplayMessage, toReplayMessage } from './replay-message.js';

/** The outcome of replaying one dead letter. */
export interface ReplayOutcome {
  readonly position: string;
  readonly targetTopic: string | null;
  readonly action: 'replayed' | 'would-replay' | 'already-replayed' | 'undecodable';
}

/**
 * Replays the selected dead letters in order, each at most once per ledger: `dryRun` only reports what would
 * happen (consulting the ledger, producing nothing). Undecodable entries are reported and skipped.
 */
export async function replayDeadLetters(
  entries: readonly DlqEntry[],
  deps: {
    readonly dlqTopic: string;
    readonly ledger: ReplayLedger;
    readonly send: (message: ReplayMessage) => Promise<void>;
    readonly dryRun: boolean;
  },
): Promise<ReplayOutcome[]> {
  const outcomes: ReplayOutcome[] = [];
  for (const entry of entries) {
    const position = dlqPosition(entry);
    if (!entry.letter) {
      outcomes.push({ position, targetTopic: null, action: 'undecodable' });
      continue;
    }
    const message = toReplayMessage(entry);
    const key = { dlqTopic: deps.dlqTopic, partition: entry.partition, offset: entry.offset };
    if (deps.dryRun) {
      const done = await deps.ledger.wasReplayed(key);
      outcomes.push({
        position,
        targetTopic: message.topic,
        action: done ? 'already-replayed' : 'would-replay',
      });
      continue;
    }
    const action = await deps.ledger.replayOnce(
      key,
      { targetTopic: message.topic, captureId: entry.letter.capture_id },
      () => deps.send(message),
    );
    outcomes.push({ position, targetTopic: message.topic, action });
  }
  return outcomes;
}
