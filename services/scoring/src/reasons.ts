import { defineReasons } from '@shelfstream/errors';

/**
 * Reason codes of the scoring service (both roles). Never rename or reuse a code; README.md lists them and a test
 * keeps the two in step.
 */
export const ScoringReasons = defineReasons({
  SCORING_DB_UNAVAILABLE: {
    retriable: true,
    description: 'PostgreSQL could not be reached or the statement timed out; the record is retried',
  },
  SCORING_PLANOGRAM_INVALID: {
    retriable: false,
    description: 'the active planogram stored for the store and aisle no longer passes validation',
  },
  SCORING_DETECTIONS_INVALID: {
    retriable: false,
    description: 'the detections record cannot be scored (e.g. a negative image size)',
  },
  SCORING_NO_SHELF_FOUND: {
    retriable: false,
    description:
      'UNSCORABLE: preprocessing found no shelf line and the tier no product (blank, dark, blurred flat, wall, floor); no score, a recapture request',
  },
  SCORING_TOO_FEW_DETECTIONS: {
    retriable: false,
    description:
      'UNSCORABLE: no shelf line and fewer detections than SCORING_MIN_DETECTIONS_WITHOUT_SHELF to align with the planogram; no score, a recapture request',
  },
  SCORING_LOW_COVERAGE: {
    retriable: false,
    description:
      'the photo shows less than SCORING_MIN_COVERAGE of the planned section (held too close): the part in view is scored (partial, coverage on the record) and a recapture is requested',
  },
  SCORING_RESCORE_NOT_SCORED: {
    retriable: false,
    description:
      'a re-score arrived for a capture with no score to supersede (held for drift, UNSCORABLE); dropped, nothing changes',
  },
  SCORING_RESCORE_PLANOGRAM_CHANGED: {
    retriable: false,
    description:
      'a re-score arrived after the active planogram version changed; the earlier score (of the earlier version) stays',
  },
  SCORING_RESCORE_UNSCORABLE: {
    retriable: false,
    description:
      "the better tier's detections of a re-score would make the photo UNSCORABLE; the earlier score stays",
  },
  SCORING_TRACKER_DB_UNAVAILABLE: {
    retriable: true,
    description: 'the state tracker could not write a capture state; the batch is consumed again',
  },
  SCORING_ARCHIVE_BLOB_DELETE_FAILED: {
    retriable: true,
    description:
      'the archival job could not delete a blob; the capture stays SCORED and is tried on the next run',
  },
});

/** One of {@link ScoringReasons}. */
export type ScoringReason = keyof typeof ScoringReasons;
