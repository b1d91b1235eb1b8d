import type { ManifestEntry } from '@shelfstream/device-simulator';
import type { createKafkaClient } from '@shelfstream/kafka';
import { readCaptureStates } from '../capture-progress.js';
import type { DemoSession } from '../demo-session.js';
import type { ChaosResult } from './chaos-options.js';
import { formatFindings, toFaultRows } from './chaos-report.js';
import { formatChaosTable } from './chaos-table.js';
import { readCommitted } from './compliance-count.js';
import type { FaultOutcome } from './fault-injector.js';
import type { GroupLag } from './lag-window.js';
import { refusedSoundCaptures, undisturbedStates, unsentCount } from './manifest-outcomes.js';
import { readScoreCheck } from './read-scores.js';
import type { InFlightSample } from './recovery-time.js';
import type { UnexpectedExit } from './supervisor.js';
import { computeVerdict } from './verdict.js';

type Admin = ReturnType<ReturnType<typeof createKafkaClient>['admin']>;

/**
 * The end of a chaos run, once the mesh has drained: reads what became of every capture (database states, committed
 * compliance records, scores against the ground truth), disconnects the harness's admin client, and prints the fault
 * table, the findings and the verdict line.
 */
export async function judgeChaosRun(input: {
  session: DemoSession;
  admin: Admin;
  entries: readonly ManifestEntry[];
  /** The captures that entered the mesh. */
  ids: readonly string[];
  groupLags: readonly GroupLag[];
  outcomes: readonly FaultOutcome[];
  /** Faults the schedule planned: fewer outcomes means one was never injected. */
  plannedFaults: number;
  samples: readonly InFlightSample[];
  /** Captures per second the run sent at. */
  rate: number;
  clock: () => number;
  exits: readonly UnexpectedExit[];
  /** Where the services' logs are, for the reader of a failed run. */
  logDir: string;
  log: (line: string) => void;
}): Promise<ChaosResult> {
  const { session, entries, ids, groupLags, outcomes, log } = input;
  log('reading the verdict...');
  const states = await readCaptureStates(session.pool, ids);
  const compliance = await readCommitted(session.kafka, session.codec, session.topics.compliance);
  // The harness clock is ms since the first send; the records' timestamps are epoch ms. First scores only: a re-score
  // finishes no capture, so it must not hide a pause in scoring.
  const epochOfClockZero = Date.now() - input.clock();
  const scoredAtMs = compliance.producedAtMs.map((at) => at - epochOfClockZero);
  const refusedIds = refusedSoundCaptures(entries, new Set(ids));
  const verdict = computeVerdict({
    captureIds: ids,
    refusedIds,
    states: new Map([...states].map(([id, r]) => [id, r.state])),
    compliance: compliance.records,
    groupLags,
    expectedStates: undisturbedStates(entries),
  });
  const scores = await readScoreCheck(session, entries, ids);
  await input.admin.disconnect().catch(() => undefined);

  log('');
  log(formatChaosTable(toFaultRows(outcomes, input.samples, input.rate, input.clock(), scoredAtMs)));
  log('');
  const findings = formatFindings({
    verdict,
    states,
    compliance: compliance.records,
    undecoded: compliance.undecoded,
    groupLags,
    scores,
    exits: input.exits,
    unsent: unsentCount(entries),
    refused: refusedIds.length,
  });
  for (const line of findings) log(line);
  log(`service logs: ${input.logDir}`);
  const faultsOk =
    outcomes.length === input.plannedFaults &&
    outcomes.every((x) => x.hitAtMs !== null && x.backAtMs !== null);
  const scoresOk = scores.every((c) => c.ok);
  const why = `${faultsOk ? '' : ' (not every fault was injected and recovered)'}${scoresOk ? '' : ' (scores off the ground truth)'}`;
  log(`verdict: ${verdict.ok && scoresOk && faultsOk ? 'PASS' : 'FAIL'}${why}`);
  return { verdict, scoresOk, faultsOk };
}
