/**
 * Lists every metric name the Prometheus rules and Grafana dashboards reference and compares the list
 * with what the services export.
 *
 * Usage: node --import tsx src/check-metrics.ts --exported <exported-metrics.txt | scrape.txt>
 *          [--rules <rules.yaml>]... [--dashboard <dashboard.json>]... [--list]
 * --exported takes the checked-in list or a live /metrics scrape (Prometheus text format).
 * Prints one line (all names listed with --list, or on failure); exits 1 on an unknown name.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { explainUnknown, extractMetricNames, parseExportedMetrics } from './metric-refs.js';

interface Source {
  where: string;
  expr: string;
}

function argValues(flag: string): string[] {
  const out: string[] = [];
  process.argv.forEach((a, i) => {
    if (a === flag && process.argv[i + 1]) out.push(process.argv[i + 1] as string);
  });
  return out;
}

/** Expressions of a rule file, and the names its recording rules define. */
function readRules(file: string, recorded: Set<string>): Source[] {
  const doc = parse(readFileSync(file, 'utf8')) as { groups?: { rules?: Record<string, unknown>[] }[] };
  const out: Source[] = [];
  for (const group of doc.groups ?? []) {
    for (const rule of group.rules ?? []) {
      if (typeof rule['record'] === 'string') recorded.add(rule['record']);
      const name = String(rule['record'] ?? rule['alert']);
      out.push({ where: `${file}: ${name}`, expr: String(rule['expr']) });
    }
  }
  return out;
}

/** Every "expr" of the dashboard's panels and every templating variable query. */
function readDashboard(file: string): Source[] {
  const out: Source[] = [];
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n, where);
    } else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      const here = typeof o['title'] === 'string' ? `${file}: ${o['title']}` : where;
      if (typeof o['expr'] === 'string') out.push({ where: here, expr: o['expr'] });
      for (const [k, v] of Object.entries(o)) walk(v, k === 'templating' ? `${file}: variables` : here);
    }
  };
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { templating?: { list?: Record<string, unknown>[] } };
  walk(doc, file);
  for (const v of doc.templating?.list ?? []) {
    if (v['type'] !== 'query') continue;
    const q = v['query'];
    const expr = typeof q === 'string' ? q : (q as { query?: unknown } | undefined)?.query;
    if (typeof expr === 'string') out.push({ where: `${file}: $${String(v['name'])}`, expr });
  }
  return out;
}

const exportedFile = argValues('--exported')[0];
if (!exportedFile) {
  console.error(
    'usage: check-metrics --exported <file> [--rules <file>]... [--dashboard <file>]... [--list]',
  );
  process.exit(2);
}
const exported = parseExportedMetrics(readFileSync(exportedFile, 'utf8'));
const recorded = new Set<string>();
const sources = [
  ...argValues('--rules').flatMap((f) => readRules(f, recorded)),
  ...argValues('--dashboard').flatMap(readDashboard),
];
const referenced = new Map<string, string[]>();
for (const s of sources) {
  for (const name of extractMetricNames(s.expr))
    referenced.set(name, [...(referenced.get(name) ?? []), s.where]);
}
const unknown = [...referenced].flatMap(([name, wheres]) => {
  const why = explainUnknown(name, exported, recorded);
  return why ? [`${name}: ${why} (used by ${wheres.slice(0, 3).join('; ')})`] : [];
});
const exportedUsed = new Set(
  [...referenced.keys()].map((n) => (exported.has(n) ? n : n.replace(/_(bucket|sum|count)$/, ''))),
);
const unused = [...exported.keys()].filter((n) => !exportedUsed.has(n) && n.startsWith('shelfstream_'));
const summary = `${referenced.size} metric names referenced by ${sources.length} expressions`;
if (unknown.length > 0) {
  console.log(`FAIL metric names: ${summary}; ${unknown.length} not exported`);
  for (const u of unknown) console.log(`  ${u}`);
} else {
  console.log(`ok   metric names: ${summary}, all exported or recorded (${exported.size} exported)`);
}
if (unused.length > 0) console.log(`  note: exported but shown nowhere: ${unused.join(', ')}`);
if (process.argv.includes('--list') || unknown.length > 0) {
  for (const [name, wheres] of [...referenced].sort()) console.log(`  ${name}  <- ${wheres.length} use(s)`);
}
process.exit(unknown.length > 0 ? 1 : 0);
