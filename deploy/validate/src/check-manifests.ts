/**
 * Offline check of rendered Helm output: every manifest against the pinned JSON schema of its kind,
 * unknown/mistyped fields via the same models' types, the chart's operating policy, and that each KEDA ScaledObject
 * triggers on exactly the consumer groups its Deployment joins.
 *
 * Usage: node --import tsx src/check-manifests.ts <rendered.yaml>...
 * Prints one line per check; exits 1 when any fails.
 */
import { basename } from 'node:path';
import { checkChartPolicy } from './chart-policy.js';
import { findKedaTriggerProblems } from './consumer-groups.js';
import { KUBERNETES_SCHEMA_VERSION } from './kube-models.js';
import { loadManifests, type Manifest } from './load-manifests.js';
import { describeFieldProblem, findFieldProblems } from './strict-fields.js';
import { validateSchemas } from './validate-schemas.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: check-manifests <rendered.yaml>...');
  process.exit(2);
}

let failed = false;
function report(check: string, problems: readonly string[]): void {
  if (problems.length === 0) {
    console.log(`ok   ${check}`);
    return;
  }
  failed = true;
  console.log(`FAIL ${check}`);
  for (const p of problems.slice(0, 30)) console.log(`  ${p}`);
  if (problems.length > 30) console.log(`  ... ${problems.length - 30} more`);
}

const all: Manifest[] = [];
for (const file of files) {
  let manifests: Manifest[];
  try {
    manifests = loadManifests(file);
  } catch (err) {
    report(`parse ${basename(file)}`, [(err as Error).message]);
    continue;
  }
  all.push(...manifests);
  const kinds = new Set(manifests.map((m) => m.kind)).size;
  report(
    `k8s ${KUBERNETES_SCHEMA_VERSION} JSON schemas (${basename(file)}: ${manifests.length} objects, ${kinds} kinds)`,
    await validateSchemas(manifests),
  );
  report(`chart policy (${basename(file)})`, checkChartPolicy(manifests));
  const scaledObjects = manifests.filter((m) => m.kind === 'ScaledObject').length;
  if (scaledObjects > 0) {
    report(
      `KEDA triggers = the consumer groups of each scaled Deployment (${basename(file)}: ${scaledObjects} ScaledObjects)`,
      findKedaTriggerProblems(manifests),
    );
  }
}
report(
  `no unknown or mistyped fields (${all.length} objects)`,
  findFieldProblems(all).map(describeFieldProblem),
);
process.exit(failed ? 1 : 0);
