import { loadModel } from './kube-models.js';
import { describeManifest, type Manifest } from './load-manifests.js';

/**
 * Validates each manifest against the pinned JSON schema of its kind (kubernetes-models' ajv-compiled
 * validators). Returns one report line per invalid or unknown manifest; empty when all are valid.
 */
export async function validateSchemas(manifests: readonly Manifest[]): Promise<string[]> {
  const problems: string[] = [];
  for (const m of manifests) {
    const Model = await loadModel(m.apiVersion, m.kind);
    if (!Model) {
      problems.push(`${describeManifest(m)}: no pinned schema for ${m.apiVersion} ${m.kind}`);
      continue;
    }
    try {
      new Model(m.body).validate();
    } catch (err) {
      problems.push(`${describeManifest(m)}: ${(err as Error).message}`);
    }
  }
  return problems;
}
