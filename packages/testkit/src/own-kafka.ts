import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  isOwnedProcess,
  KAFKA_NODE_NAMES,
  kafkaBrokerAddresses,
  loadStackConfig,
  ownerToken,
  pidFilePath,
  readPidFile,
  type StackConfig,
  stackPaths,
  startStack,
  stopStack,
} from '@shelfstream/stack';
import { waitFor } from './wait-for.js';

/** A Kafka cluster of a test's own (one node, or three), away from the developer stack (which other tests and people use). */
export interface OwnKafka {
  readonly brokers: string[];
  /** SIGKILLs KRaft node `nodeId` (1-based) and resolves once it is gone; the others go on. */
  kill(nodeId: number): Promise<void>;
  /**
   * SIGSTOPs (`freeze`) or SIGCONTs (`thaw`) the node's java process: requests to it then time out. A freeze
   * resolves once every thread of the process is stopped (a SIGSTOP stops the threads one by one, and on a busy
   * machine the broker kept answering requests for a while after kill() returned).
   */
  signal(what: 'freeze' | 'thaw'): Promise<void>;
  /**
   * Freezes the node like `signal('freeze')`, but blocks the event loop until every thread is stopped: called from a
   * KafkaJS instrumentation listener (run synchronously when a response arrives), it makes sure the client's next
   * request goes out to a stopped broker. Throws after 10 s.
   */
  freezeNow(): void;
  /** Stops the node(s) and deletes the state dir. */
  stop(): Promise<void>;
}

/**
 * Starts Kafka alone (no PostgreSQL, S3Proxy or Apicurio): one node, or with `brokers: 3` three (replication 3,
 * `min.insync.replicas` 2, as `stack:up --brokers 3`), with STACK_DIR `<repo>/.stack/<name>` and every port moved by
 * `portOffset` (300 is CI's, 500 the chaos run's, 700, 750 and 800 are taken by tests: pick another), on fresh data (a
 * leftover state dir of the same name is stopped and purged first). The jar classpath comes from the developer
 * stack's cache. `signal` and `freezeNow` act on node 1.
 */
export async function startOwnKafka(
  name: string,
  portOffset: number,
  options: { readonly brokers?: 1 | 3 } = {},
): Promise<OwnKafka> {
  const config = ownKafkaConfig(name, portOffset, options.brokers ?? 1);
  const paths = stackPaths(config);
  await stopStack(config, { purge: true }).catch(() => undefined);
  seedClasspathCache(path.join(config.repoRoot, '.stack', 'cache'), paths.cacheDir);
  try {
    await startStack(config, { kafkaOnly: true });
  } catch (err) {
    // A node left running would join the next try's fresh cluster and fail it (INCONSISTENT_CLUSTER_ID).
    await stopStack(config, { purge: true }).catch(() => undefined);
    throw err;
  }
  const nodePid = async (nodeId: number): Promise<number> => {
    const component = KAFKA_NODE_NAMES[nodeId - 1];
    const found = component ? await readPidFile(pidFilePath(paths, component)) : undefined;
    if (found === undefined || !isOwnedProcess(found, ownerToken(paths)))
      throw new Error(`Kafka node ${nodeId} of ${paths.root} is not running`);
    return found;
  };
  const pid = await nodePid(1);
  return {
    brokers: kafkaBrokerAddresses(config),
    async kill(nodeId) {
      const victim = await nodePid(nodeId);
      process.kill(victim, 'SIGKILL');
      await waitFor(
        `Kafka node ${nodeId} gone`,
        () => !isOwnedProcess(victim, ownerToken(paths)) || undefined,
        10_000,
        20,
      );
    },
    async signal(what) {
      // Only ever our own node: its command line names our state dir.
      if (!isOwnedProcess(pid, ownerToken(paths))) throw new Error(`pid ${pid} is not ${paths.root}'s Kafka`);
      process.kill(pid, what === 'freeze' ? 'SIGSTOP' : 'SIGCONT');
      if (what === 'freeze')
        await waitFor(`every thread of pid ${pid} stopped`, () => allStopped(pid) || undefined, 10_000, 5);
    },
    freezeNow() {
      if (!isOwnedProcess(pid, ownerToken(paths))) throw new Error(`pid ${pid} is not ${paths.root}'s Kafka`);
      process.kill(pid, 'SIGSTOP');
      const deadline = Date.now() + 10_000;
      while (!allStopped(pid)) {
        if (Date.now() > deadline) throw new Error(`pid ${pid}: not every thread stopped within 10 s`);
      }
    },
    async stop() {
      if (isOwnedProcess(pid, ownerToken(paths))) process.kill(pid, 'SIGCONT');
      await stopStack(config, { purge: true });
    },
  };
}

function ownKafkaConfig(name: string, portOffset: number, brokers: 1 | 3): StackConfig {
  if (portOffset <= 0)
    throw new Error('a stack of its own needs a port offset > 0 (0 is the developer stack)');
  const repoRoot = loadStackConfig().repoRoot;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STACK_DIR: path.join(repoRoot, '.stack', name),
    STACK_PORT_OFFSET: String(portOffset),
    STACK_KAFKA_BROKERS: String(brokers),
  };
  // Explicit ports of the caller's environment would point at another stack: only the offset counts here.
  for (const variable of [
    'STACK_KAFKA_PORT',
    'STACK_KAFKA_CONTROLLER_PORT',
    'STACK_REGISTRY_PORT',
    'STACK_S3_PORT',
  ])
    delete env[variable];
  return loadStackConfig(env);
}

/** Whether every thread of `pid` is stopped (state T in /proc/<pid>/task/<tid>/stat). */
function allStopped(pid: number): boolean {
  const tasks = path.join('/proc', String(pid), 'task');
  return readdirSync(tasks).every((tid) => {
    const stat = readFileSync(path.join(tasks, tid, 'stat'), 'utf8');
    // The state follows the command name, which is in parentheses and may itself contain them.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'T';
  });
}

function seedClasspathCache(from: string, to: string): void {
  if (!existsSync(from)) return;
  mkdirSync(to, { recursive: true });
  for (const file of readdirSync(from)) {
    if (file.endsWith('.classpath') && !existsSync(path.join(to, file)))
      copyFileSync(path.join(from, file), path.join(to, file));
  }
}
