import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { ensureClusterId } from './cluster-id.js';
import { KAFKA_NODE_NAMES, type KafkaNodeName, type ProcessComponent } from './component.js';
import { kafkaNodeNote, kafkaNodePorts, PORT_VARIABLE, type StackConfig } from './config.js';
import { renderLog4jProperties, renderServerProperties } from './kafka-config.js';
import { resolveClasspath } from './maven-classpath.js';
import { tcpProbe } from './probes.js';
import { stackError } from './reasons.js';
import { processLogPath, type StackPaths } from './stack-paths.js';

const run = promisify(execFile);

/** One node of the stack's Kafka cluster. */
export interface KafkaNode {
  readonly name: KafkaNodeName;
  /** 1-based KRaft node id. */
  readonly id: number;
  readonly port: number;
  readonly controllerPort: number;
  /** Its server.properties and log4j.properties. */
  readonly dir: string;
  /** Partition data and KRaft metadata. */
  readonly dataDir: string;
}

/**
 * The nodes `config` asks for. A single node keeps the original layout (`kafka/server.properties`, `kafka/data`);
 * in a three-node cluster node n has `kafka/node-n/` and ports `+2(n-1)` (node 1: 19092/19093, node 2: 19094/19095).
 */
export function kafkaNodes(
  config: Pick<StackConfig, 'ports' | 'kafkaBrokers'>,
  paths: StackPaths,
): KafkaNode[] {
  return KAFKA_NODE_NAMES.slice(0, config.kafkaBrokers).map((name, i) => {
    const dir = config.kafkaBrokers === 1 ? paths.kafkaDir : path.join(paths.kafkaDir, `node-${i + 1}`);
    const ports = kafkaNodePorts(config.ports, i + 1);
    return {
      name,
      id: i + 1,
      port: ports.kafka,
      controllerPort: ports.controller,
      dir,
      dataDir: config.kafkaBrokers === 1 ? paths.kafkaDataDir : path.join(dir, 'data'),
    };
  });
}

/** Every broker's address, node 1 first: the bootstrap list clients get. */
export function kafkaBrokerAddresses(config: Pick<StackConfig, 'ports' | 'kafkaBrokers'>): string[] {
  return Array.from(
    { length: config.kafkaBrokers },
    (_, i) => `127.0.0.1:${kafkaNodePorts(config.ports, i + 1).kafka}`,
  );
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

/**
 * Apache Kafka 3.9.1 in KRaft mode: one combined broker+controller on 127.0.0.1 (one node of the cluster; the nodes
 * of a three-node cluster are started in parallel, since none is healthy before a quorum is).
 */
export function kafkaComponent(config: StackConfig, paths: StackPaths, node: KafkaNode): ProcessComponent {
  const broker = `127.0.0.1:${node.port}`;
  const serverProperties = path.join(node.dir, 'server.properties');
  const log4jProperties = path.join(node.dir, 'log4j.properties');
  const logDir = path.join(paths.logsDir, node.name);
  const suffix = kafkaNodeNote(node.id);
  return {
    name: node.name,
    endpoint: broker,
    ports: [
      { port: node.port, variable: `${PORT_VARIABLE.kafka}${suffix}` },
      { port: node.controllerPort, variable: `${PORT_VARIABLE.kafkaController}${suffix}` },
    ],
    logFiles: [path.join(logDir, 'server.log'), processLogPath(paths, node.name)],
    probe: () => probeKafka(broker),
    async prepare(log) {
      await mkdir(node.dataDir, { recursive: true });
      await mkdir(logDir, { recursive: true });
      const classpath = await resolveClasspath('kafka', path.join(config.deployDir, 'pom.xml'), {
        mavenBin: config.mavenBin,
        cacheDir: paths.cacheDir,
        log,
      });
      await writeFile(
        serverProperties,
        renderServerProperties({
          nodeId: node.id,
          port: node.port,
          controllerPort: node.controllerPort,
          dataDir: node.dataDir,
          quorumControllerPorts: kafkaNodes(config, paths).map((n) => n.controllerPort),
        }),
      );
      await writeFile(log4jProperties, renderLog4jProperties(paths.logsDir, node.name));
      const jvm = [
        `-Dlog4j.configuration=file:${log4jProperties}`,
        `-Dkafka.logs.dir=${logDir}`,
        '-Djava.awt.headless=true',
        '-cp',
        classpath,
      ];
      await formatStorage(config, paths, node, serverProperties, jvm);
      return {
        command: config.javaBin,
        args: [
          '-Xms256m',
          // Three nodes share the machine: each gets less heap.
          config.kafkaBrokers === 1 ? '-Xmx768m' : '-Xmx512m',
          '-XX:+UseG1GC',
          '-XX:MaxGCPauseMillis=20',
          ...jvm,
          'kafka.Kafka',
          serverProperties,
        ],
        logFile: processLogPath(paths, node.name),
        cwd: node.dir,
      };
    },
  };
}

/**
 * Formats a node's KRaft log dir with Kafka's own StorageTool, once (skipped when meta.properties exists). Every node
 * of a cluster is formatted with the same cluster id (`kafka/cluster-id`).
 */
async function formatStorage(
  config: StackConfig,
  paths: StackPaths,
  node: KafkaNode,
  serverProperties: string,
  jvm: readonly string[],
): Promise<void> {
  if (existsSync(path.join(node.dataDir, 'meta.properties'))) return;
  const clusterId = ensureClusterId(path.join(paths.kafkaDir, 'cluster-id'));
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
    throw stackError('STACK_SETUP_FAILED', `${node.name}: storage format failed: ${detail.trim()}`, err);
  }
}
