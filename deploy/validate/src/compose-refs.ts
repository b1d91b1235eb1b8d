type Obj = Record<string, unknown>;

const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});

/**
 * Problems a JSON schema cannot see in a parsed Compose file: depends_on naming a missing service,
 * a named volume not declared under top-level volumes, a relative bind mount whose source is missing
 * (`exists` answers for a path relative to the compose file), and a service with neither image nor build.
 */
export function findComposeReferenceProblems(
  doc: unknown,
  exists: (relativePath: string) => boolean,
): string[] {
  const problems: string[] = [];
  const services = obj(obj(doc)['services']);
  const volumes = obj(obj(doc)['volumes']);
  for (const [name, raw] of Object.entries(services)) {
    const svc = obj(raw);
    if (!svc['image'] && !svc['build']) problems.push(`services.${name}: neither image nor build`);
    const deps = svc['depends_on'];
    const depNames = Array.isArray(deps) ? deps.map(String) : Object.keys(obj(deps));
    for (const dep of depNames) {
      if (!(dep in services)) problems.push(`services.${name}.depends_on: no service "${dep}"`);
    }
    for (const mount of Array.isArray(svc['volumes']) ? svc['volumes'] : []) {
      const source = typeof mount === 'string' ? mount.split(':')[0] : String(obj(mount)['source'] ?? '');
      if (!source) continue;
      if (source.startsWith('.')) {
        if (!exists(source)) problems.push(`services.${name}.volumes: ${source} does not exist`);
      } else if (!source.startsWith('/') && !source.startsWith('$') && !(source in volumes)) {
        problems.push(`services.${name}.volumes: named volume "${source}" is not declared`);
      }
    }
  }
  return problems;
}
