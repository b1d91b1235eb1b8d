import { createRequire } from 'node:module';
import kafkajs from 'kafkajs';

/** The part of KafkaJS's internal ConsumerGroup this module wraps. */
interface HeartbeatingGroup {
  heartbeat(options: { interval: number }): Promise<void>;
}

const { KafkaJSProtocolError } = kafkajs;

/** The broker's own code for "not the coordinator": KafkaJS answers it by finding the coordinator and rejoining. */
const NOT_COORDINATOR = { type: 'NOT_COORDINATOR_FOR_GROUP', code: 16 } as const;

/**
 * Whether a heartbeat failed because the coordinator's node is gone (refused or dropped connection), as opposed to
 * the coordinator answering with an error of its own.
 */
export function isCoordinatorUnreachable(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return name === 'KafkaJSConnectionError' || name === 'KafkaJSConnectionClosedError';
}

/** The error a heartbeat to an unreachable coordinator throws instead: one KafkaJS answers by rejoining. */
export function coordinatorMovedError(cause: Error): Error {
  // KafkaJS's typings declare only (message); the runtime takes the protocol error's fields, as its decoder passes them.
  const fields = {
    ...NOT_COORDINATOR,
    message: `group coordinator unreachable (${cause.message}): finding it again and rejoining`,
    retriable: true,
  };
  return Object.assign(new KafkaJSProtocolError(fields as unknown as Error), { cause });
}

/** Wraps a group's heartbeat so that an unreachable coordinator reads as "not the coordinator" (pure wiring). */
export function rejoinOnUnreachableCoordinator(group: HeartbeatingGroup): void {
  const heartbeat = group.heartbeat;
  group.heartbeat = async function rejoiningHeartbeat(this: unknown, options) {
    try {
      return await heartbeat.call(this, options);
    } catch (err) {
      throw isCoordinatorUnreachable(err) ? coordinatorMovedError(err as Error) : err;
    }
  };
}

let installed = false;

/**
 * Makes every KafkaJS consumer look for its group coordinator again as soon as the coordinator's node is unreachable.
 *
 * KafkaJS 2.2.4 finds the coordinator only when it (re)joins the group and heartbeats the same broker object from then
 * on. When that node dies, each heartbeat fails with a connection error that the consumer's retrier retries against
 * the same dead node until its budget is spent (about 30 s, `CONSUMER_RETRIES`), and only the restart that follows
 * asks the cluster again. With three brokers the coordinator has moved to a live node within the election (about
 * 10 s), so the mesh stood still several times longer than the election (`pnpm chaos --brokers 3`). A heartbeat that
 * meets a refused or closed connection now throws the broker's own NOT_COORDINATOR error instead, which KafkaJS's
 * runner answers by finding the coordinator and rejoining at once (`isRebalancing`); until the election is over that
 * lookup still names the dead node and is retried, and then the member is back. KafkaJS is unmaintained (no release
 * since 2.2.4, 2023), so the change is a wrapper on its ConsumerGroup prototype, installed once, rather than a fork.
 */
export function installCoordinatorFailover(): void {
  if (installed) return;
  installed = true;
  const require = createRequire(import.meta.url);
  // kafkajs has no "exports" map: its internals are reachable, and pinned (package.json has the exact version).
  const ConsumerGroup = require('kafkajs/src/consumer/consumerGroup.js') as { prototype: HeartbeatingGroup };
  rejoinOnUnreachableCoordinator(ConsumerGroup.prototype);
}
