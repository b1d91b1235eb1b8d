/**
 * `pnpm stack:up | stack:down | stack:status`: the local stack without Docker.
 * Wiring only: parses arguments, prints, sets the exit code.
 */
import { isStageError } from '@shelfstream/errors';
import { loadStackConfig } from './config.js';
import { stackEnvironment } from './endpoints.js';
import { recordedKafkaBrokers } from './kafka-node-count.js';
import { stackPaths } from './stack-paths.js';
import { stackStatus } from './stack-status.js';
import { startStack } from './start-stack.js';
import { stopStack } from './stop-stack.js';

const ENVIRONMENT_HELP = `Environment (all optional):
  STACK_DIR                    state and logs            (default <repo>/.stack)
  STACK_PORT_OFFSET            added to every default port (default 0)
  STACK_KAFKA_BROKERS          Kafka nodes, 1 or 3       (default: what the last 'up' used, else 1;
                               --brokers N wins over it)
  STACK_KAFKA_PORT             Kafka broker              (default 19092 + offset; nodes 2, 3: +2, +4)
  STACK_KAFKA_CONTROLLER_PORT  KRaft controller          (default 19093 + offset; nodes 2, 3: +2, +4)
  STACK_REGISTRY_PORT          Apicurio Registry         (default 18081 + offset)
  STACK_S3_PORT                S3Proxy                   (default 18090 + offset)
  DATABASE_URL                 PostgreSQL, only checked when set
                               (default postgres://postgres@127.0.0.1:<STACK_POSTGRES_PORT>/shelfstream;
                               with DATABASE_URL unset and nothing answering there, the stack runs a
                               cluster of its own under STACK_DIR/postgres: initdb + pg_ctl from STACK_PG_BIN)
  STACK_POSTGRES_PORT          port of the default URL and of the own cluster (default 5432)
  STACK_PG_BIN                 initdb/pg_ctl folder      (default /usr/lib/postgresql/15/bin)
  STACK_REGISTRY_DATABASE      Apicurio's database       (default <db>_registry)
  STACK_S3_IDENTITY / STACK_S3_CREDENTIAL / STACK_S3_BUCKET
                               (default local-identity / local-credential / shelfstream)
  STACK_START_TIMEOUT_MS       per-component health wait (default 180000)
  STACK_STOP_TIMEOUT_MS        SIGTERM grace before SIGKILL (default 20000)
  JAVA_HOME, STACK_MVN         java and mvn to use`;

const HELP: Record<string, string> = {
  main: `Usage: stack <command> [--brokers 1|3] [--help]

Runs Kafka (KRaft), Apicurio Registry and S3Proxy from Maven Central jars; checks PostgreSQL, or runs a
cluster of its own when DATABASE_URL is unset and no server answers at the default address.

Commands:
  up              start what is not running, reuse what is (idempotent)
  down [--purge]  stop everything; --purge also deletes STACK_DIR
  status [--json] one line per component; exit 0 only when all are up
  env             print the service environment as shell exports

${ENVIRONMENT_HELP}`,
  up: `Usage: stack up [--brokers 1|3]

With --brokers 3, runs three combined KRaft broker+controller nodes (production's shape:
replication factor 3, min.insync.replicas 2; 'stack env' exports KAFKA_REPLICATION_FACTOR=3 and
KAFKA_MIN_INSYNC_REPLICAS=2 for provisioning). Changing the node count needs a 'down' first.
Checks PostgreSQL (or starts the stack's own cluster: see DATABASE_URL) and creates <db> and <db>_registry if missing, starts Kafka and S3Proxy in
parallel and Apicurio after PostgreSQL, each detached with a pid file under STACK_DIR/run.
A component already running and healthy is reused; one whose pid is dead is restarted.
Prints each endpoint with the time it took. The first run resolves jars with Maven; later
runs use the classpath cached under STACK_DIR/cache and need no network.

${ENVIRONMENT_HELP}`,
  down: `Usage: stack down [--purge]

Stops Apicurio, then Kafka and S3Proxy (SIGTERM, SIGKILL after STACK_STOP_TIMEOUT_MS) and
removes their pid files. --purge also deletes STACK_DIR (Kafka data, S3 objects, logs);
the PostgreSQL databases are kept (drop <db>_registry yourself to forget schema ids).`,
  status: `Usage: stack status [--json]

Prints each component: up/down, pid, endpoint. Exit code 0 when all are up, 1 otherwise.`,
  env: `Usage: stack env

Prints KAFKA_BROKERS, SCHEMA_REGISTRY_URL, DATABASE_URL and S3_* as 'export' lines:
  eval "$(pnpm -s exec tsx --conditions=@shelfstream/source packages/stack/src/cli.ts env)"`,
};

async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP.main);
    return command === undefined ? 2 : 0;
  }
  const help = HELP[command];
  if (command === 'main' || help === undefined) {
    console.error(`unknown command "${command}"\n\n${HELP.main}`);
    return 2;
  }
  if (wantsHelp) {
    console.log(help);
    return 0;
  }
  const allowed: Record<string, string[]> = { up: [], down: ['--purge'], status: ['--json'], env: [] };
  const brokersAt = rest.indexOf('--brokers');
  const brokersFlag = brokersAt === -1 ? undefined : rest[brokersAt + 1];
  if (brokersAt !== -1 && brokersFlag !== '1' && brokersFlag !== '3') {
    console.error(`--brokers takes 1 or 3 (got ${brokersFlag ?? 'nothing'})\n\n${help}`);
    return 2;
  }
  const options = brokersAt === -1 ? rest : rest.filter((_, i) => i !== brokersAt && i !== brokersAt + 1);
  const unknown = options.filter((arg) => !allowed[command]?.includes(arg));
  if (unknown.length > 0) {
    console.error(`unknown option ${unknown.join(' ')}\n\n${help}`);
    return 2;
  }

  // Node count: the flag, else STACK_KAFKA_BROKERS, else what the last `up` of this state dir recorded.
  const recorded = await recordedKafkaBrokers(stackPaths(loadStackConfig()));
  const brokers =
    brokersFlag ?? process.env['STACK_KAFKA_BROKERS'] ?? (recorded ? String(recorded) : undefined);
  const config = loadStackConfig({ ...process.env, ...(brokers ? { STACK_KAFKA_BROKERS: brokers } : {}) });
  const log = (line: string) => console.log(line);
  switch (command) {
    case 'up':
      log(`starting the local stack (STACK_DIR=${config.stackDir})`);
      await startStack(config, { log });
      return 0;
    case 'down':
      await stopStack(config, { purge: rest.includes('--purge'), log });
      return 0;
    case 'env':
      for (const [key, value] of Object.entries(stackEnvironment(config))) log(`export ${key}='${value}'`);
      return 0;
    default: {
      const statuses = await stackStatus(config);
      if (rest.includes('--json')) {
        log(JSON.stringify(statuses, null, 2));
      } else {
        for (const s of statuses) {
          const pid = s.pid === null ? '-' : String(s.pid);
          log(`  ${s.name.padEnd(9)} ${s.state.padEnd(5)} pid ${pid.padEnd(8)} ${s.endpoint}  (${s.detail})`);
        }
      }
      return statuses.every((s) => s.state === 'up') ? 0 : 1;
    }
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (isStageError(err)) {
      console.error(`${err.code}: ${err.message}`);
    } else {
      console.error(err);
    }
    process.exitCode = 1;
  },
);
