import { ConsumerGroups, type ConsumerProcess } from '../../../packages/contracts/src/consumer-groups.js';
import { type ServiceContainer, serviceOfCommand } from './service-env.js';

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
