import {
  ConsumerGroups,
  type ConsumerProcess,
  consumerGroupIn,
  consumerGroupsOf,
} from '../../../packages/contracts/src/consumer-groups.js';
import { describeManifest, type Manifest } from './load-manifests.js';
import { type ServiceContainer, serviceOfCommand } from './service-env.js';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The value after `flag` in a command line, if any. */
function flagValue(argv: readonly unknown[], flag: string): unknown {
  const i = argv.indexOf(flag);
  return i === -1 ? undefined : argv[i + 1];
}

/**
 * The consuming process a command line runs (`services/inference/dist/main.js --tier edge` -> `inference-edge`,
 * scoring's `--role state-tracker` -> `state-tracker`); undefined for one that consumes nothing (the model server)
 * or is not a service.
 */
export function consumerProcessOf(argv: readonly unknown[]): ConsumerProcess | undefined {
  const service = serviceOfCommand(argv);
  const process =
    service === 'inference'
      ? `inference-${String(flagValue(argv, '--tier') ?? 'remote')}`
      : service === 'scoring'
        ? flagValue(argv, '--role') === 'state-tracker'
          ? 'state-tracker'
          : 'scoring'
        : service;
  return process !== undefined && process in ConsumerGroups ? (process as ConsumerProcess) : undefined;
}

/** Every consumer group some process of the mesh joins (ids before the namespace). */
const KNOWN_GROUPS = new Set(Object.values(ConsumerGroups).flatMap((g) => Object.values(g) as string[]));

/**
 * Checks INGEST_BREAKER_LAG_GROUPS of every ingestion container: each group must be one a process really joins (a
 * group nobody joins has no commits, so its lag is the whole topic and the SLA breaker opens for good). Returns one
 * line per problem.
 */
export function findLagGroupProblems(containers: readonly ServiceContainer[]): string[] {
  const problems: string[] = [];
  for (const c of containers.filter((x) => x.service === 'ingestion')) {
    const value = c.env.get('INGEST_BREAKER_LAG_GROUPS');
    if (value === undefined) continue;
    for (const group of value.split(',').map((g) => g.trim())) {
      if (!KNOWN_GROUPS.has(group))
        problems.push(`${c.where}: INGEST_BREAKER_LAG_GROUPS names ${group}, a group no service joins`);
    }
  }
  return problems;
}

/**
 * Checks every KEDA ScaledObject against the Deployment it scales: one Kafka trigger for each consumer group that
 * Deployment's process joins (packages/contracts/src/consumer-groups.ts, within its KAFKA_TOPIC_NAMESPACE), and
 * none for a group it does not join. Returns one line per problem.
 */
export function findKedaTriggerProblems(manifests: readonly Manifest[]): string[] {
  const problems: string[] = [];
  const deployments = new Map(manifests.filter((m) => m.kind === 'Deployment').map((m) => [m.name, m]));
  for (const so of manifests.filter((m) => m.kind === 'ScaledObject')) {
    const spec = obj(so.body['spec']);
    const target = String(obj(spec['scaleTargetRef'])['name']);
    const deployment = deployments.get(target);
    if (deployment === undefined) {
      problems.push(`${describeManifest(so)}: scales ${target}, which is no rendered Deployment`);
      continue;
    }
    const container = obj(arr(obj(obj(obj(deployment.body['spec'])['template'])['spec'])['containers'])[0]);
    const process = consumerProcessOf([...arr(container['command']), ...arr(container['args'])]);
    if (process === undefined) {
      problems.push(`${describeManifest(so)}: scales ${target} on Kafka lag, but it consumes nothing`);
      continue;
    }
    const nsVar = arr(container['env']).find((e) => obj(e)['name'] === 'KAFKA_TOPIC_NAMESPACE');
    const namespace = String(obj(nsVar)['value'] ?? '');
    const expected = consumerGroupsOf(process).map((g) => consumerGroupIn(namespace, g));
    const triggered = new Set(
      arr(spec['triggers'])
        .filter((t) => obj(t)['type'] === 'kafka')
        .map((t) => String(obj(obj(t)['metadata'])['consumerGroup'])),
    );
    for (const group of expected) {
      if (!triggered.has(group))
        problems.push(`${describeManifest(so)}: no Kafka trigger for ${group}, a group ${process} joins`);
    }
    for (const group of triggered) {
      if (!expected.includes(group))
        problems.push(
          `${describeManifest(so)}: Kafka trigger for ${group}, a group ${process} does not join`,
        );
    }
  }
  return problems;
}
