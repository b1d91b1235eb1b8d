import { type ConsumerProcess, consumerGroupIn, consumerGroupsOf } from '@shelfstream/contracts';
import type { createKafkaClient } from '@shelfstream/kafka';
import type { PgCluster, StackConfig } from '@shelfstream/stack';
import type { DemoSession } from '../demo-session.js';
import type { MeshServiceName } from '../service-specs.js';
import { pickBusiestBroker } from './busiest-leader.js';
import { offsetLags } from './consumer-lag.js';
import { FaultInjector } from './fault-injector.js';
import { StackControl } from './infra-control.js';
import type { ProgressSampler } from './progress-sampler.js';

type Admin = ReturnType<ReturnType<typeof createKafkaClient>['admin']>;

/** The fault injector of a chaos run, acting on its session's mesh, its stack and its PostgreSQL cluster. */
export function createChaosInjector(options: {
  session: DemoSession;
  admin: Admin;
  stackConfig: StackConfig;
  pg: PgCluster;
  progress: ProgressSampler;
  /** The harness clock (ms since the first capture was sent). */
  clock: () => number;
  log: (line: string) => void;
  signal: AbortSignal;
  minGapMs: number;
}): FaultInjector {
  const { session, admin, progress } = options;
  const namespace = session.options.namespace;
  return new FaultInjector({
    mesh: session.mesh,
    stack: new StackControl(options.stackConfig),
    pg: options.pg,
    clock: options.clock,
    inFlight: async () => {
      await progress.sample();
      return progress.inFlight();
    },
    hasInput: (service) => hasWaitingInput(admin, namespace, service),
    log: options.log,
    signal: options.signal,
    minGapMs: options.minGapMs,
    ...(options.stackConfig.kafkaBrokers === 3
      ? {
          pickBroker: () =>
            pickBusiestBroker(admin, [
              session.topics.capturesRaw,
              session.topics.capturesValidated,
              session.topics.imagesReady,
              session.topics.detections,
              session.topics.compliance,
            ]),
        }
      : {}),
  });
}

/** Whether a service has records waiting in its input now: a kill then lands mid-transaction. */
async function hasWaitingInput(admin: Admin, namespace: string, service: MeshServiceName): Promise<boolean> {
  const proc: ConsumerProcess =
    service === 'scorer' ? 'scoring' : service === 'model-server' ? 'inference-remote' : service;
  const groups = consumerGroupsOf(proc).map((g) => consumerGroupIn(namespace, g));
  const lags = await offsetLags(admin, namespace, groups);
  // 1 per partition can be a transaction marker; 2 or more is at least one record waiting.
  return [...lags.values()].flat().some((p) => p.lag >= 2);
}
