import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import type { ProcessComponent } from './component.js';
import { PORT_VARIABLE, type StackConfig } from './config.js';
import { newClusterId, renderLog4jProperties, renderServerProperties } from './kafka-config.js';
import { resolveClasspath } from './maven-classpath.js';
import { tcpProbe } from './probes.js';
import { stackError } from './reasons.js';
import { processLogPath, type StackPaths } from './stack-paths.js';

const run = promisify(execFile);

/** The broker address clients use. */
export function kafkaBroker(config: StackConfig): string {
  return `127.0.0.1:${config.ports.kafka}`;
}

/**
 * Whether the broker answers a metadata request (KafkaJS `describeCluster`), not only a TCP connect.
 */
export async function probeKafka(broker: string, timeoutMs = 5000): Promise<boolean> {
  const [host, port] = broker.split(':') as [string, string];
  if (!(await tcpProbe(host, Number(port), 1000))) return false;
  const admin = new Kafka({
    clientId: 'shelfstream-stack-probe',
    brokers: [broker],
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  }).admin();
  let timer: NodeJS.Timeout | undefined;
  try {
    const answered = admin
      .connect()
      .then(() => admin.describeCluster())
      .then((cluster) => cluster.brokers.length > 0);
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    return await Promise.race([answered, timedOut]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }
}

/** Apache Kafka 3.9.1 in KRaft mode: one combined broker+controller on 127.0.0.1. */
export function kafkaComponent(config: StackConfig, paths: StackPaths): ProcessComponent {
  const broker = kafkaBroker(config);
  const serverProperties = path.join(paths.kafkaDir, 'server.properties');
  const log4jProperties = path.join(paths.kafkaDir, 'log4j.properties');
  return {
    name: 'kafka',
    endpoint: broker,
    ports: [
      { port: config.ports.kafka, variable: PORT_VARIABLE.kafka },
      { port: config.ports.kafkaController, variable: PORT_VARIABLE.kafkaController },
    ],
    logFiles: [path.join(paths.logsDir, 'kafka', 'server.log'), processLogPath(paths, 'kafka')],
    probe: () => probeKafka(broker),
    async prepare(log) {
      await mkdir(paths.kafkaDataDir, { recursive: true });
      await mkdir(path.join(paths.logsDir, 'kafka'), { recursive: true });
      const classpath = await resolveClasspath('kafka', path.join(config.deployDir, 'pom.xml'), {
        mavenBin: config.mavenBin,
        cacheDir: paths.cacheDir,
        log,
      });
      await writeFile(
        serverProperties,
        renderServerProperties({
          port: config.ports.kafka,
          controllerPort: config.ports.kafkaController,
          dataDir: paths.kafkaDataDir,
        }),
      );
      await writeFile(log4jProperties, renderLog4jProperties(paths.logsDir));
      const jvm = [
        `-Dlog4j.configuration=file:${log4jProperties}`,
        `-Dkafka.logs.dir=${path.join(paths.logsDir, 'kafka')}`,
        '-Djava.awt.headless=true',
        '-cp',
        classpath,
      ];
      await formatStorage(config, paths, serverProperties, jvm);
      return {
        command: config.javaBin,
        args: [
          '-Xms256m',
          '-Xmx768m',
          '-XX:+UseG1GC',
          '-XX:MaxGCPauseMillis=20',
          ...jvm,
          'kafka.Kafka',
          serverProperties,
        ],
        logFile: processLogPath(paths, 'kafka'),
        cwd: paths.kafkaDir,
      };
    },
  };
}

/** Formats the KRaft log dir with Kafka's own StorageTool, once (skipped when meta.properties exists). */
async function formatStorage(
  config: StackConfig,
  paths: StackPaths,
  serverProperties: string,
  jvm: readonly string[],
): Promise<void> {
  if (existsSync(path.join(paths.kafkaDataDir, 'meta.properties'))) return;
  const clusterIdFile = path.join(paths.kafkaDir, 'cluster-id');
  let clusterId = existsSync(clusterIdFile) ? (await readFile(clusterIdFile, 'utf8')).trim() : '';
  if (clusterId === '') {
    clusterId = newClusterId();
    await writeFile(clusterIdFile, `${clusterId}\n`);
  }
  try {
    await run(config.javaBin, [
      '-Xmx256m',
      ...jvm,
      'kafka.tools.StorageTool',
      'format',
      '-t',
      clusterId,
      '-c',
      serverProperties,
    ]);
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    const detail =
      e.code === 'ENOENT' ? `${config.javaBin} not found (set JAVA_HOME)` : `${e.stdout}${e.stderr}`;
    throw stackError('STACK_SETUP_FAILED', `kafka: storage format failed: ${detail.trim()}`, err);
  }
}
