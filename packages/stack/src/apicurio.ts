import path from 'node:path';
import type { ProcessComponent } from './component.js';
import { PORT_VARIABLE, type StackConfig } from './config.js';
import { unpackArtifact } from './maven-classpath.js';
import { toJdbcTarget } from './postgres.js';
import { httpStatus } from './probes.js';
import { stackError } from './reasons.js';
import { processLogPath, type StackPaths } from './stack-paths.js';

const VERSION = '3.0.9';
/** The registry distribution on Maven Central (a Quarkus runner jar + lib/, not quarkus-run.jar). */
export const APICURIO_ARTIFACT = `io.apicurio:apicurio-registry-app:${VERSION}:tar.gz:all`;
const RUNNER_JAR = `apicurio-registry-app-${VERSION}-runner.jar`;

/** Base URL of the registry's Confluent-compatible API. */
export function schemaRegistryUrl(config: StackConfig): string {
  return `http://127.0.0.1:${config.ports.registry}/apis/ccompat/v7`;
}

/** Healthy = Quarkus readiness 200 and the Confluent-compatible subjects list 200. */
export async function probeApicurio(config: StackConfig): Promise<boolean> {
  const base = `http://127.0.0.1:${config.ports.registry}`;
  if ((await httpStatus(`${base}/health/ready`)) !== 200) return false;
  return (await httpStatus(`${schemaRegistryUrl(config)}/subjects`)) === 200;
}

/**
 * Apicurio Registry 3.0.9 with SQL storage on the project's PostgreSQL (database `<db>_registry`,
 * created beforehand by the stack), so a registry restart keeps every schema id.
 */
export function apicurioComponent(config: StackConfig, paths: StackPaths): ProcessComponent {
  const distDir = path.join(paths.apicurioDir, 'dist');
  return {
    name: 'apicurio',
    endpoint: schemaRegistryUrl(config),
    ports: [{ port: config.ports.registry, variable: PORT_VARIABLE.registry }],
    logFiles: [processLogPath(paths, 'apicurio')],
    probe: () => probeApicurio(config),
    async prepare(log) {
      await unpackArtifact(APICURIO_ARTIFACT, path.join(config.deployDir, 'pom.xml'), distDir, RUNNER_JAR, {
        mavenBin: config.mavenBin,
        cacheDir: paths.cacheDir,
        log,
      });
      const runnerJar = path.join(distDir, RUNNER_JAR);
      const jdbc = toJdbcTarget(config.databaseUrl, config.registryDatabase);
      return {
        command: config.javaBin,
        args: [
          '-Xmx512m',
          '-Dquarkus.http.host=127.0.0.1',
          `-Dquarkus.http.port=${config.ports.registry}`,
          '-Dapicurio.storage.kind=sql',
          '-Dapicurio.storage.sql.kind=postgresql',
          `-Dapicurio.datasource.url=${jdbc.url}`,
          `-Dapicurio.datasource.username=${jdbc.username}`,
          // Local development only: lets tests and `shelfctl` delete subjects (off by default in 3.x).
          '-Dapicurio.rest.deletion.group.enabled=true',
          '-Dapicurio.rest.deletion.artifact.enabled=true',
          '-Dapicurio.rest.deletion.artifact-version.enabled=true',
          '-jar',
          runnerJar,
        ],
        // The password goes through the environment (Quarkus maps it), so it stays out of `ps`.
        env: { ...process.env, APICURIO_DATASOURCE_PASSWORD: jdbc.password },
        logFile: processLogPath(paths, 'apicurio'),
        cwd: paths.apicurioDir,
      };
    },
    afterHealthy: () => setGlobalCompatibility(config),
  };
}

/**
 * Sets the registry-wide compatibility to BACKWARD. Apicurio answers `GET /config/{subject}` with the
 * global level where Confluent answers 404, and @kafkajs/confluent-schema-registry's register() reads
 * it (PITFALLS.md), so the global level must be the one the project uses.
 */
async function setGlobalCompatibility(config: StackConfig): Promise<void> {
  const response = await fetch(`${schemaRegistryUrl(config)}/config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ compatibility: 'BACKWARD' }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.text();
  if (!response.ok) {
    throw stackError(
      'STACK_SETUP_FAILED',
      `apicurio: PUT /config BACKWARD answered ${response.status} ${body}`,
    );
  }
}
