/**
 * Checks the env the deploy files give each service against the names the services define in their config
 * (the check that catches chart/compose drift from services/<svc>/src/config.ts): every container of a rendered
 * Deployment, and every compose service, that runs services/<svc>/dist/main.js. Ingestion's
 * INGEST_BREAKER_LAG_GROUPS must name groups a service really joins.
 *
 * Usage: node --import tsx src/check-service-env.ts --compose <docker-compose.yml> <rendered.yaml>...
 * Prints one line per input; exits 1 on any problem.
 */
import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'yaml';
import { findLagGroupProblems } from './consumer-groups.js';
import { loadManifests } from './load-manifests.js';
import {
  findServiceEnvProblems,
  type ServiceContainer,
  serviceEnvNames,
  serviceOfCommand,
} from './service-env.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const { values, positionals } = parseArgs({
  options: { compose: { type: 'string' } },
  allowPositionals: true,
});

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const cache = new Map<string, Set<string> | null>();
const known = (svc: string) => {
  if (!cache.has(svc)) cache.set(svc, serviceEnvNames(ROOT, svc));
  return cache.get(svc) ?? null;
};

let failed = false;
function report(label: string, containers: readonly ServiceContainer[]): void {
  const problems = [...findServiceEnvProblems(containers, known), ...findLagGroupProblems(containers)];
  if (problems.length === 0) {
    console.log(`ok   service env names (${label}: ${containers.length} containers)`);
    return;
  }
  failed = true;
  console.log(`FAIL service env names (${label})`);
  for (const p of problems) console.log(`  ${p}`);
}

for (const file of positionals) {
  const containers: ServiceContainer[] = [];
  for (const m of loadManifests(file).filter((x) => x.kind === 'Deployment')) {
    for (const c of arr(obj(obj(obj(m.body['spec'])['template'])['spec'])['containers'])) {
      const service = serviceOfCommand([...arr(obj(c)['command']), ...arr(obj(c)['args'])]);
      if (service === undefined) continue;
      const env = new Map<string, string | undefined>();
      for (const e of arr(obj(c)['env'])) {
        const value = obj(e)['value'];
        env.set(String(obj(e)['name']), typeof value === 'string' ? value : undefined);
      }
      containers.push({ where: `Deployment/${m.name} container ${String(obj(c)['name'])}`, service, env });
    }
  }
  report(basename(file), containers);
}

if (values.compose) {
  const doc = obj(parse(readFileSync(values.compose, 'utf8'), { merge: true }));
  const containers: ServiceContainer[] = [];
  for (const [name, s] of Object.entries(obj(doc['services']))) {
    const service = serviceOfCommand([...arr(obj(s)['entrypoint']), ...arr(obj(s)['command'])]);
    if (service === undefined) continue;
    const raw = obj(s)['environment'];
    const env = new Map<string, string | undefined>(
      Array.isArray(raw)
        ? raw.map((kv) => {
            const [k, ...v] = String(kv).split('=');
            return [k as string, v.length > 0 ? v.join('=') : undefined];
          })
        : Object.entries(obj(raw)).map(([k, v]) => [
            k,
            v === null || v === undefined ? undefined : String(v),
          ]),
    );
    containers.push({ where: `compose service ${name}`, service, env });
  }
  report(basename(values.compose), containers);
}
process.exit(failed ? 1 : 0);
