/**
 * Errors and per-record outcomes shared by every stage.
 *
 * @example
 * import { defineReasons, deadLetter, ok } from '@shelfstream/errors';
 * const Reasons = defineReasons({ DEMO_BAD_INPUT: { retriable: false, description: 'bad input' } });
 * const outcome = input.valid ? ok(output) : deadLetter('DEMO_BAD_INPUT', new Error('bad'));
 */
export { deadLetter, type Outcome, ok, retry, skip } from './outcome.js';
export { defineReasons, type ReasonEntry, type ReasonRegistry } from './reason-registry.js';
export {
  isStageError,
  type PassedCode,
  passedCode,
  type RecordOrigin,
  StageError,
  type StageErrorOptions,
} from './stage-error.js';
