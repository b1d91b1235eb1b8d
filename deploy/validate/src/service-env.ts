import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Variables read by Node itself or by libraries below the services' config definitions, allowed on any
 * container: the Kafka CA bundle, libuv's pool size (sharp, onnxruntime), Node options.
 */
export const RUNTIME_ENV = ['NODE_ENV', 'NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS', 'UV_THREADPOOL_SIZE'] as const;

/** Bind addresses a containerized service can be reached on (HTTP_HOST); the default 127.0.0.1 cannot. */
export const CONTAINER_HOSTS = ['0.0.0.0', '::'] as const;

/** The settings files every service started through service-kit's runService() reads on top of its own. */
const BASE_CONFIG_FILES = [
  'packages/service-kit/src/service-config.ts',
  'packages/kafka/src/connection-config.ts',
];

/**
 * Shared definitions a service's config.ts may spread or reuse (`...blobStoreConfig`), by exported name -> the file
 * that declares their variables.
 */
const SHARED_CONFIG_FILES: Readonly<Record<string, string>> = {
  blobStoreConfig: 'packages/blob-store/src/blob-store-config.ts',
  databaseConfig: 'packages/db/src/database-config.ts',
  deviceSecretConfig: 'packages/db/src/devices/device-secret-config.ts',
};

/** The variable names a config definition source declares (`env: 'NAME'` entries of defineConfig). */
export function extractEnvNames(source: string): string[] {
  // `env:` as a property (after `{`, `,` or at a line start), not inside a doc string
  return [...source.matchAll(/(?:^|[{,])\s*env:\s*'([A-Z][A-Z0-9_]*)'/gm)].map((m) => m[1] as string);
}

/**
 * Every variable `services/<service>` defines, read from its `src/config.ts` (plus the shared definitions it uses,
 * see {@link sharedConfigFiles}, and the service-kit and Kafka connection settings when its main.ts starts through
 * runService). Null when the service does not exist.
 */
export function serviceEnvNames(root: string, service: string): Set<string> | null {
  const dir = join(root, 'services', service, 'src');
  if (!existsSync(join(dir, 'config.ts'))) return null;
  const own = readFileSync(join(dir, 'config.ts'), 'utf8');
  const files = [join(dir, 'config.ts'), ...sharedConfigFiles(own).map((f) => join(root, f))];
  if (readFileSync(join(dir, 'main.ts'), 'utf8').includes('runService(')) {
    files.push(...BASE_CONFIG_FILES.map((f) => join(root, f)));
  }
  return new Set(files.flatMap((f) => extractEnvNames(readFileSync(f, 'utf8'))));
}

/** The files of the shared definitions (blob store, database, device secret) a config.ts source names. */
export function sharedConfigFiles(source: string): string[] {
  return Object.entries(SHARED_CONFIG_FILES)
    .filter(([name]) => new RegExp(`\\b${name}\\b`).test(source))
    .map(([, file]) => file);
}

/** One container that runs a service: where it is, which service, the env it sets. */
export interface ServiceContainer {
  /** Report label, e.g. "Deployment/x container y". */
  readonly where: string;
  /** The `<svc>` of `services/<svc>/dist/main.js`. */
  readonly service: string;
  /** Env var name -> literal value (undefined when read from a Secret or not a string). */
  readonly env: ReadonlyMap<string, string | undefined>;
}

/** The `<svc>` of the first `services/<svc>/dist/main.js` in a command line; undefined when none. */
export function serviceOfCommand(argv: readonly unknown[]): string | undefined {
  for (const arg of argv) {
    const m = typeof arg === 'string' ? /^services\/([a-z0-9-]+)\/dist\/main\.js$/.exec(arg) : null;
    if (m) return m[1];
  }
  return undefined;
}

/**
 * Checks that every variable a container sets is one its service defines (or a {@link RUNTIME_ENV} name) and
 * that HTTP_HOST is set to a reachable address. `known` answers a service's names (null: no such service).
 * Returns one line per problem.
 */
export function findServiceEnvProblems(
  containers: readonly ServiceContainer[],
  known: (service: string) => ReadonlySet<string> | null,
): string[] {
  const problems: string[] = [];
  for (const c of containers) {
    const names = known(c.service);
    if (names === null) {
      problems.push(`${c.where}: runs services/${c.service}, which has no src/config.ts`);
      continue;
    }
    for (const name of c.env.keys()) {
      if (!names.has(name) && !(RUNTIME_ENV as readonly string[]).includes(name)) {
        problems.push(`${c.where}: ${name} is not a variable of services/${c.service}`);
      }
    }
    const host = c.env.get('HTTP_HOST');
    if (!(CONTAINER_HOSTS as readonly (string | undefined)[]).includes(host)) {
      problems.push(`${c.where}: HTTP_HOST is ${host ?? 'unset'}; must be ${CONTAINER_HOSTS.join(' or ')}`);
    }
  }
  return problems;
}
