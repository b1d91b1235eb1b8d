import { describeManifest, type Manifest } from './load-manifests.js';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const at = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => obj(o)[k], v);

const SERVICE_HEALTH = ['/healthz', '/readyz'] as const;
const OIP_HEALTH = ['/v2/health/live', '/v2/health/ready'] as const;

/** True when the container runs services/model-server (its first arg is the script). */
function runsModelServer(container: unknown): boolean {
  return arr(at(container, 'args')).some((a) => a === 'services/model-server/dist/main.js');
}

/**
 * The operating rules every shelfstream Deployment must follow (the chart's issue text): probes on
 * /healthz and /readyz (the model server: /v2/health/live and /v2/health/ready), resources, non-root, read-only root filesystem, no privilege escalation,
 * topology spread, a PodDisruptionBudget and an autoscaler (HPA or KEDA ScaledObject). Returns one line
 * per broken rule.
 */
export function checkChartPolicy(manifests: readonly Manifest[]): string[] {
  const problems: string[] = [];
  const named = (kind: string) => new Set(manifests.filter((m) => m.kind === kind).map((m) => m.name));
  const pdbs = named('PodDisruptionBudget');
  const scaled = new Set([
    ...manifests
      .filter((m) => m.kind === 'HorizontalPodAutoscaler')
      .map((m) => at(m.body, 'spec', 'scaleTargetRef', 'name')),
    ...manifests
      .filter((m) => m.kind === 'ScaledObject')
      .map((m) => at(m.body, 'spec', 'scaleTargetRef', 'name')),
  ]);
  for (const m of manifests.filter((x) => x.kind === 'Deployment')) {
    const fail = (why: string) => problems.push(`${describeManifest(m)}: ${why}`);
    const pod = at(m.body, 'spec', 'template', 'spec');
    if (at(pod, 'securityContext', 'runAsNonRoot') !== true)
      fail('pod securityContext.runAsNonRoot is not true');
    if (arr(at(pod, 'topologySpreadConstraints')).length === 0) fail('no topologySpreadConstraints');
    if (!pdbs.has(m.name)) fail('no PodDisruptionBudget');
    if (!scaled.has(m.name)) fail('no HorizontalPodAutoscaler or ScaledObject');
    for (const c of arr(at(pod, 'containers'))) {
      const name = String(at(c, 'name'));
      // The model server speaks the Open Inference Protocol: its health routes are /v2/health/{live,ready}.
      const [live, ready] = runsModelServer(c) ? OIP_HEALTH : SERVICE_HEALTH;
      if (at(c, 'livenessProbe', 'httpGet', 'path') !== live)
        fail(`${name}: livenessProbe is not GET ${live}`);
      if (at(c, 'readinessProbe', 'httpGet', 'path') !== ready)
        fail(`${name}: readinessProbe is not GET ${ready}`);
      if (!at(c, 'resources', 'requests') || !at(c, 'resources', 'limits'))
        fail(`${name}: resources incomplete`);
      if (at(c, 'securityContext', 'readOnlyRootFilesystem') !== true)
        fail(`${name}: root filesystem writable`);
      if (at(c, 'securityContext', 'allowPrivilegeEscalation') !== false)
        fail(`${name}: privilege escalation allowed`);
    }
  }
  return problems;
}
