import { describeManifest, type Manifest } from './load-manifests.js';

type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const at = (v: unknown, ...path: string[]): unknown => path.reduce<unknown>((o, k) => obj(o)[k], v);

/**
 * The operating rules every shelfstream Deployment must follow (the chart's issue text): probes on
 * /healthz and /readyz, resources, non-root, read-only root filesystem, no privilege escalation,
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
      if (at(c, 'livenessProbe', 'httpGet', 'path') !== '/healthz')
        fail(`${name}: livenessProbe is not GET /healthz`);
      if (at(c, 'readinessProbe', 'httpGet', 'path') !== '/readyz')
        fail(`${name}: readinessProbe is not GET /readyz`);
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
