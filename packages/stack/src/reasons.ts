import { defineReasons, StageError } from '@shelfstream/errors';

/**
 * Reason codes of the local stack launcher. None is retriable by a stage: they are start-up failures a
 * developer has to read (the message says what to check).
 */
export const StackReasons = defineReasons({
  STACK_CONFIG_INVALID: {
    retriable: false,
    description: 'a STACK_* variable or DATABASE_URL has a bad value; the message names each variable',
  },
  STACK_MAVEN_FAILED: {
    retriable: false,
    description: 'mvn could not resolve the jars (first run needs Maven Central; later runs use ~/.m2)',
  },
  STACK_SPAWN_FAILED: { retriable: false, description: 'a process could not be started (java missing?)' },
  STACK_PROCESS_EXITED: {
    retriable: false,
    description: 'a component exited while starting; the message carries the tail of its log',
  },
  STACK_HEALTH_TIMEOUT: {
    retriable: false,
    description: 'a component did not become healthy within STACK_START_TIMEOUT_MS; log tail attached',
  },
  STACK_PORT_IN_USE: {
    retriable: false,
    description: 'a port is held by a process this stack did not start; change the port variable named',
  },
  STACK_POSTGRES_UNREACHABLE: {
    retriable: false,
    description:
      'PostgreSQL at DATABASE_URL did not answer, and the stack could not run its own (DATABASE_URL set, or no initdb/pg_ctl in STACK_PG_BIN)',
  },
  STACK_SETUP_FAILED: {
    retriable: false,
    description: 'a set-up step (storage format, registry config) failed; the message says which',
  },
  STACK_LOCKED: { retriable: false, description: 'another stack command holds the state dir lock too long' },
  STACK_PURGE_REFUSED: {
    retriable: false,
    description: 'STACK_DIR has no .shelfstream-stack marker, so --purge will not delete it',
  },
});

/** A reason code of {@link StackReasons}. */
export type StackReason = keyof typeof StackReasons;

/** Builds the {@link StageError} for a stack failure (never retriable). */
export function stackError(code: StackReason, message: string, cause?: unknown): StageError {
  return new StageError(code, message, { retriable: StackReasons[code].retriable, cause });
}
