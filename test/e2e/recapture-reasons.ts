import type { DemoSession } from '../../apps/demo/src/index.js';
import type { RecaptureRequested } from '../../packages/contracts/src/index.js';
import { readTopic } from '../../packages/testkit/src/index.js';

/**
 * The reasons of every recapture request (read_committed, from the beginning, until the topic is quiet for 3 s) of
 * the wanted captures, by capture id. Requests are keyed by store, so each value is decoded to find its capture.
 */
export async function readRecaptureReasons(
  session: DemoSession,
  wanted: ReadonlySet<string>,
): Promise<Map<string, string[]>> {
  const topic = session.topics.recaptureRequests;
  const records = await readTopic(session.kafka, topic, {
    until: () => true,
    settleMs: 3000,
    timeoutMs: 600_000,
  });
  const reasons = new Map<string, string[]>();
  for (const record of records) {
    const value = await session.codec.decode<RecaptureRequested>(record.value, topic);
    if (!wanted.has(value.capture_id)) continue;
    reasons.set(value.capture_id, [...(reasons.get(value.capture_id) ?? []), ...value.reasons]);
  }
  return reasons;
}
