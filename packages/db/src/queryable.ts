import type pg from 'pg';

/** A pool or a checked-out client: anything that runs a query. */
export type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** Where a row came from: the input record that produced it (a redo of that record re-emits the row). */
export interface RecordSource {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/** True when two sources name the same input record. */
export function sameSource(a: RecordSource, b: RecordSource): boolean {
  return a.topic === b.topic && a.partition === b.partition && BigInt(a.offset) === BigInt(b.offset);
}
