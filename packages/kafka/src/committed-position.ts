/**
 * A partition's committed position: the offset of the next record to consume, as committed by the group (`-1n`:
 * nothing committed yet). Records below it were committed, outputs and all, by an earlier transaction.
 */
export type CommittedPosition = bigint;

/** No committed offset: every record is still to be committed. */
export const NOTHING_COMMITTED: CommittedPosition = -1n;

/** The position a chunk commits: the offset after its last record. */
export function positionAfter(lastOffset: string): CommittedPosition {
  return BigInt(lastOffset) + 1n;
}

/** The position an OffsetFetch answer names for a partition ('-1', or no answer, when nothing is committed). */
export function toCommittedPosition(offset: string | undefined): CommittedPosition {
  return offset === undefined || offset === '' ? NOTHING_COMMITTED : BigInt(offset);
}

/**
 * The records of a chunk that the group has not committed yet: those at or after `position`. A chunk redelivered
 * because the consumer read its position before an earlier commit was settled starts below it; its committed records
 * must not be processed and produced again.
 */
export function uncommittedRecords<R extends { readonly offset: string }>(
  records: readonly R[],
  position: CommittedPosition,
): readonly R[] {
  return records.filter((record) => BigInt(record.offset) >= position);
}
