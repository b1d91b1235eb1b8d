/**
 * Child process for consumer-supervisor.test.ts: a supervised fake consumer crashes for good while nothing else holds
 * the event loop (as with the broker down: every socket closed). The process must stay alive through the backoff and
 * print `relaunched` when the replacement is set up; an exit before that is the silent death of a consumer.
 */
import { EventEmitter } from 'node:events';
import { createLogger } from '@shelfstream/observability';
import type { Consumer } from 'kafkajs';
import { ConsumerSupervisor } from '../consumer-supervisor.js';

const EVENTS = { CRASH: 'consumer.crash', GROUP_JOIN: 'consumer.group_join' } as const;

function fakeConsumer(): Consumer {
  const emitter = new EventEmitter();
  return {
    events: EVENTS,
    on: (event: string, listener: (e: unknown) => void) => {
      emitter.on(event, listener);
      return () => emitter.off(event, listener);
    },
    connect: async () => undefined,
    disconnect: async () => undefined,
    emit: (event: string, payload: unknown) => emitter.emit(event, payload),
  } as unknown as Consumer;
}

let launches = 0;
const supervisor = new ConsumerSupervisor({
  logger: createLogger({ service: 'supervisor-fixture', level: 'silent' }),
  initialBackoffMs: 400,
  create: fakeConsumer,
  setUp: async (consumer) => {
    launches += 1;
    const emit = (consumer as unknown as { emit: (event: string, payload: unknown) => void }).emit;
    if (launches === 1) {
      // Crash on the next turn, once start() has returned and only the supervisor's own timers remain.
      setImmediate(() =>
        emit(EVENTS.CRASH, {
          payload: { error: new Error('Failed to find group coordinator'), restart: false },
        }),
      );
      return;
    }
    process.stdout.write('relaunched\n');
    await supervisor.stop();
  },
});

await supervisor.start();
