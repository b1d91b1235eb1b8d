import { StageError } from '@shelfstream/errors';
import { type IngestionReason, IngestionReasons } from '../reasons.js';

/** A refusal the gateway answers with `{ code, message }` and the reason's HTTP status. */
export function refusal(code: IngestionReason, message: string): StageError {
  return new StageError(code, message, { retriable: IngestionReasons[code].retriable });
}

/** A refusal answered with `statusCode` instead of the reason's own status (the rate limiter's 429). */
export function refusalWithStatus(
  code: IngestionReason,
  message: string,
  statusCode: number,
): StageError & { statusCode: number } {
  return Object.assign(refusal(code, message), { statusCode });
}
