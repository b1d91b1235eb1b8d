/**
 * Where the JSON schemas (and TypeScript types) of each API group come from. All are pinned exactly in
 * package.json: kubernetes-models 5.1.0 carries the Kubernetes v1.36 OpenAPI schemas, precompiled with
 * ajv; the CRD packages carry the schemas of the KEDA and Prometheus Operator CRDs.
 */
const CRD_MODULES: Readonly<Record<string, string>> = {
  'keda.sh': '@kubernetes-models/keda/keda.sh',
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator/monitoring.coreos.com',
};

/** Kubernetes version whose schemas kubernetes-models@5.1.0 ships (its changelog: "Update to v1.36.0"). */
export const KUBERNETES_SCHEMA_VERSION = '1.36.0';

/**
 * The module that exports the model class `kind` of `apiVersion`, e.g. `apps/v1` ->
 * `kubernetes-models/apps/v1`, `v1` -> `kubernetes-models/v1`, `keda.sh/v1alpha1` ->
 * `@kubernetes-models/keda/keda.sh/v1alpha1`.
 */
export function toModelModule(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return `kubernetes-models/${apiVersion}`;
  const group = apiVersion.slice(0, slash);
  const crd = CRD_MODULES[group];
  return crd ? `${crd}${apiVersion.slice(slash)}` : `kubernetes-models/${apiVersion}`;
}

/** A model class: constructed from an object, validate() throws on a schema violation. */
export type ModelClass = new (data: unknown) => { validate(): void };

/**
 * Loads the model class of a kind, or undefined when no pinned package knows the kind (the caller
 * reports that as a failure: an unknown kind is a typo or a missing schema, never a pass).
 */
export async function loadModel(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  try {
    const mod = (await import(toModelModule(apiVersion))) as Record<string, unknown>;
    const cls = mod[kind];
    return typeof cls === 'function' ? (cls as ModelClass) : undefined;
  } catch {
    return undefined;
  }
}
