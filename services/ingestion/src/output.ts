import type { CaptureAccepted } from '@shelfstream/contracts';
import type { Outcome } from '@shelfstream/errors';
import type { StageOutput } from '@shelfstream/kafka';

/** Turns an acceptance outcome into the stage's output: the CaptureAccepted on the validated topic, keyed by capture id. */
export function toStageOutcome(
  outcome: Outcome<CaptureAccepted>,
  validatedTopic: string,
): Outcome<StageOutput> {
  if (outcome.kind !== 'ok') return outcome;
  return {
    kind: 'ok',
    outputs: outcome.outputs.map((value) => ({ topic: validatedTopic, key: value.capture_id, value })),
  };
}
