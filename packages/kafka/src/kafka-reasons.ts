import { defineReasons } from '@shelfstream/errors';

/**
 * Reason codes raised by the Kafka plumbing itself, whatever the stage. Stages add their own registries; these codes
 * appear in the DLQ and in `shelfstream_dlq_records_total{reason}` like theirs.
 */
export const KafkaReasons = defineReasons({
  KAFKA_DECODE_FAILED: {
    retriable: false,
    description:
      'the value is not Confluent-framed Avro of a known schema (wrong magic byte, unknown id, corrupt bytes)',
  },
  KAFKA_REGISTRY_UNAVAILABLE: {
    retriable: true,
    description:
      'the schema registry did not answer; the batch is retried, no record is dead-lettered for it',
  },
  KAFKA_ENCODE_FAILED: {
    retriable: false,
    description: 'an output value does not match its schema (a bug in the stage: the DLQ keeps the input)',
  },
  KAFKA_CHUNK_TIMEOUT: {
    retriable: true,
    description:
      "the stage's processing of a chunk ran past its bound (two thirds of the session timeout): its records are retried, so a slow chunk cannot outlive the group membership it was consumed under",
  },
  STAGE_UNHANDLED_ERROR: {
    retriable: false,
    description: 'the stage threw instead of returning an outcome; unknown errors are not retried',
  },
});

/** One of {@link KafkaReasons}. */
export type KafkaReasonCode = keyof typeof KafkaReasons;
