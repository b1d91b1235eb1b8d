import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { stackError } from './reasons.js';

/** Default ports, before `STACK_PORT_OFFSET` is added. */
export const DEFAULT_PORTS = Object.freeze({
  kafka: 19092,
  kafkaController: 19093,
  registry: 18081,
  s3: 18090,
});

/** Ports the stack listens on (all on 127.0.0.1). */
export interface StackPorts {
  readonly kafka: number;
  readonly kafkaController: number;
  readonly registry: number;
  readonly s3: number;
}

/** The ports of one Kafka node (1-based `node`): node n takes the port pair `2(n-1)` above node 1's. */
export function kafkaNodePorts(ports: StackPorts, node: number): { kafka: number; controller: number } {
  const step = 2 * (node - 1);
  return { kafka: ports.kafka + step, controller: ports.kafkaController + step };
}

/** What a port variable's name is followed by in messages about node `node`'s ports: `` (+2 for Kafka node 2)``. */
export function kafkaNodeNote(node: number): string {
  return node === 1 ? '' : ` (+${2 * (node - 1)} for Kafka node ${node})`;
}

/** The launcher's validated, frozen configuration. Build it with {@link loadStackConfig}. */
export interface StackConfig {
  /** The monorepo root (holds `deploy/local/`). */
  readonly repoRoot: string;
  /** `<repoRoot>/deploy/local`: the poms. */
  readonly deployDir: string;
  /** Every piece of state and every log lives under this folder. `STACK_DIR`, @default `<repoRoot>/.stack` */
  readonly stackDir: string;
  readonly ports: StackPorts;
  /**
   * Kafka nodes: 1 (default) or 3 (production's shape: replication factor 3, min.insync.replicas 2). Node n listens
   * on `ports.kafka + 2(n-1)`, its controller on `ports.kafkaController + 2(n-1)`. `STACK_KAFKA_BROKERS`
   */
  readonly kafkaBrokers: 1 | 3;
  /**
   * The project's PostgreSQL. `DATABASE_URL`, @default `postgres://postgres@127.0.0.1:<STACK_POSTGRES_PORT>/shelfstream`
   */
  readonly databaseUrl: string;
  /**
   * Whether `databaseUrl` is the default, not `DATABASE_URL`: only then may the stack start a cluster of its own when
   * nothing answers there (an explicit URL is always the caller's server, only checked).
   */
  readonly databaseUrlIsDefault: boolean;
  /** initdb / pg_ctl of the stack's own cluster. `STACK_PG_BIN`, @default `/usr/lib/postgresql/15/bin` */
  readonly postgresBinDir: string;
  /** Database of Apicurio's SQL storage. `STACK_REGISTRY_DATABASE`, @default `<database of DATABASE_URL>_registry` */
  readonly registryDatabase: string;
  readonly s3: {
    /** S3Proxy identity = access key id. `STACK_S3_IDENTITY`, @default `local-identity` (not a secret) */
    readonly identity: string;
    /** S3Proxy credential = secret key. `STACK_S3_CREDENTIAL`, @default `local-credential` (not a secret) */
    readonly credential: string;
    /** Bucket created at start-up. `STACK_S3_BUCKET`, @default `shelfstream` */
    readonly bucket: string;
  };
  /** Per-component wait for health. `STACK_START_TIMEOUT_MS`, @default 180000 ms */
  readonly startTimeoutMs: number;
  /** Wait after SIGTERM before SIGKILL. `STACK_STOP_TIMEOUT_MS`, @default 20000 ms */
  readonly stopTimeoutMs: number;
  /** `$JAVA_HOME/bin/java` when JAVA_HOME is set, else `java` from PATH. */
  readonly javaBin: string;
  /** Maven executable. `STACK_MVN`, @default `mvn` */
  readonly mavenBin: string;
}

const defaultDatabaseUrl = (port: number) => `postgres://postgres@127.0.0.1:${port}/shelfstream`;
const PORT_VARIABLES = {
  kafka: 'STACK_KAFKA_PORT',
  kafkaController: 'STACK_KAFKA_CONTROLLER_PORT',
  registry: 'STACK_REGISTRY_PORT',
  s3: 'STACK_S3_PORT',
} as const satisfies Record<keyof StackPorts, string>;

/** The env variable that sets each port, for error messages ("change STACK_KAFKA_PORT"). */
export const PORT_VARIABLE: Readonly<Record<keyof StackPorts, string>> = Object.freeze(PORT_VARIABLES);

const unset = (value: unknown) => (value === '' ? undefined : value);
const integer = (min: number, max: number) =>
  z.preprocess(
    unset,
    z
      .string()
      .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
      .transform(Number)
      .pipe(z.number().int().min(min, `must be >= ${min}`).max(max, `must be <= ${max}`))
      .optional(),
  );
const text = () => z.preprocess(unset, z.string().min(1).optional());
const identifier = () =>
  z.preprocess(
    unset,
    z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'must be a plain PostgreSQL database name')
      .optional(),
  );

const envSchema = z.object({
  STACK_DIR: text(),
  // Largest offset that keeps the highest default port (19093) a valid port; three Kafka nodes are checked later.
  STACK_PORT_OFFSET: integer(0, 65535 - 19093),
  STACK_KAFKA_BROKERS: z.preprocess(unset, z.enum(['1', '3']).transform(Number).optional()),
  STACK_KAFKA_PORT: integer(1, 65535),
  STACK_KAFKA_CONTROLLER_PORT: integer(1, 65535),
  STACK_REGISTRY_PORT: integer(1, 65535),
  STACK_S3_PORT: integer(1, 65535),
  DATABASE_URL: z.preprocess(
    unset,
    z
      .string()
      .regex(
        /^postgres(ql)?:\/\/[^/]+\/[A-Za-z_][A-Za-z0-9_]*(\?.*)?$/,
        'must be postgres://user@host:port/db',
      )
      .optional(),
  ),
  STACK_REGISTRY_DATABASE: identifier(),
  STACK_POSTGRES_PORT: integer(1, 65535),
  STACK_PG_BIN: text(),
  STACK_S3_IDENTITY: text(),
  STACK_S3_CREDENTIAL: text(),
  STACK_S3_BUCKET: z.preprocess(
    unset,
    z
      .string()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be a valid S3 bucket name')
      .optional(),
  ),
  STACK_START_TIMEOUT_MS: integer(1000, 3_600_000),
  STACK_STOP_TIMEOUT_MS: integer(0, 600_000),
  STACK_MVN: text(),
  JAVA_HOME: text(),
});

type EnvKey = keyof typeof envSchema.shape;
const ENV_KEYS = Object.keys(envSchema.shape) as EnvKey[];

/** The monorepo root, found from this file's place (src/ or dist/ of packages/stack). */
export function defaultRepoRoot(): string {
  return path.resolve(fileURLToPath(new URL('../../..', import.meta.url)));
}

/**
 * Reads and validates the launcher's environment once; the result is frozen.
 *
 * Throws a `STACK_CONFIG_INVALID` error listing every bad variable by name.
 */
export function loadStackConfig(
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: { readonly repoRoot?: string } = {},
): StackConfig {
  const input = Object.fromEntries(ENV_KEYS.map((key) => [key, env[key]]));
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '?');
      return `  ${key}: ${issue.message} (got ${redactedValue(env[key])})`;
    });
    throw stackError('STACK_CONFIG_INVALID', `invalid stack configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const offset = e.STACK_PORT_OFFSET ?? 0;
  const ports: StackPorts = {
    kafka: e.STACK_KAFKA_PORT ?? DEFAULT_PORTS.kafka + offset,
    kafkaController: e.STACK_KAFKA_CONTROLLER_PORT ?? DEFAULT_PORTS.kafkaController + offset,
    registry: e.STACK_REGISTRY_PORT ?? DEFAULT_PORTS.registry + offset,
    s3: e.STACK_S3_PORT ?? DEFAULT_PORTS.s3 + offset,
  };
  const kafkaBrokers = (e.STACK_KAFKA_BROKERS ?? 1) as 1 | 3;
  checkPorts(ports, kafkaBrokers);

  const repoRoot = options.repoRoot ?? defaultRepoRoot();
  const databaseUrl = e.DATABASE_URL ?? defaultDatabaseUrl(e.STACK_POSTGRES_PORT ?? 5432);
  const database = new URL(databaseUrl).pathname.slice(1);
  const config: StackConfig = {
    repoRoot,
    deployDir: path.join(repoRoot, 'deploy', 'local'),
    stackDir: path.resolve(e.STACK_DIR ?? path.join(repoRoot, '.stack')),
    ports,
    kafkaBrokers,
    databaseUrl,
    databaseUrlIsDefault: e.DATABASE_URL === undefined,
    postgresBinDir: e.STACK_PG_BIN ?? '/usr/lib/postgresql/15/bin',
    registryDatabase: e.STACK_REGISTRY_DATABASE ?? `${database}_registry`,
    s3: {
      identity: e.STACK_S3_IDENTITY ?? 'local-identity',
      credential: e.STACK_S3_CREDENTIAL ?? 'local-credential',
      bucket: e.STACK_S3_BUCKET ?? 'shelfstream',
    },
    startTimeoutMs: e.STACK_START_TIMEOUT_MS ?? 180_000,
    stopTimeoutMs: e.STACK_STOP_TIMEOUT_MS ?? 20_000,
    javaBin: e.JAVA_HOME ? path.join(e.JAVA_HOME, 'bin', 'java') : 'java',
    mavenBin: e.STACK_MVN ?? 'mvn',
  };
  return deepFreeze(config);
}

function checkPorts(ports: StackPorts, kafkaBrokers: number): void {
  const problems: string[] = [];
  const seen = new Map<number, string>();
  const claim = (port: number, variable: string) => {
    const other = seen.get(port);
    if (other) problems.push(`  ${variable}: port ${port} is also ${other}`);
    if (port > 65535) problems.push(`  ${variable}: port ${port} is above 65535`);
    seen.set(port, variable);
  };
  for (const [name, port] of Object.entries(ports) as [keyof StackPorts, number][])
    claim(port, PORT_VARIABLES[name]);
  for (let node = 2; node <= kafkaBrokers; node++) {
    const nodePorts = kafkaNodePorts(ports, node);
    claim(nodePorts.kafka, `${PORT_VARIABLES.kafka}${kafkaNodeNote(node)}`);
    claim(nodePorts.controller, `${PORT_VARIABLES.kafkaController}${kafkaNodeNote(node)}`);
  }
  if (problems.length > 0) {
    throw stackError('STACK_CONFIG_INVALID', `invalid stack configuration:\n${problems.join('\n')}`);
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/**
 * A raw value for an error message with the password of any `//user:password@` masked: a malformed DATABASE_URL
 * is not parsable, so the mask is textual (issue 12).
 */
function redactedValue(raw: string | undefined): string {
  if (raw === undefined) return 'nothing';
  return JSON.stringify(raw.replace(/(\/\/[^/:@?#\s]*):\S*@/g, '$1:***@'));
}
