/**
 * KafkaJS warnings about choices this project makes on purpose, at every client start: the idempotent producers'
 * bounded retries (`KAFKA_RETRY`: a request gives up and the stage's own retry path takes over; exactly-once rests
 * on transactions and the idempotency key, see the README) and the v2 default partitioner (the Java-compatible one
 * the services and every other producer use). They are logged at debug, so a demo's or a service's warnings mean
 * something.
 */
const DELIBERATE_NOTICES: readonly string[] = [
  'Limiting retries for the idempotent producer',
  'KafkaJS v2.0.0 switched default partitioner',
];

/** Whether a KafkaJS log message is one of {@link DELIBERATE_NOTICES}. */
export function isDeliberateNotice(message: string): boolean {
  return DELIBERATE_NOTICES.some((notice) => message.startsWith(notice));
}
