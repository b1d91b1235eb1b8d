import assert from 'node:assert/strict';
import { test } from 'node:test';
import { topicNames } from '@shelfstream/contracts';
import { type Outcome, StageError } from '@shelfstream/errors';
import type { StageOutput } from '@shelfstream/kafka';
import { type ClaimResult, InMemoryDedupLedger, type LedgerEntry } from './dedup-ledger.js';
import { type AcceptDeps, createStage } from './stage.js';
import { acceptDeps, sampleCapture, stageRecord } from './test-support/accept-fixtures.js';

const topics = topicNames('');
const first = { topic: topics.capturesRaw, partition: 0, offset: '7' };
const retried = { topic: topics.retry('ingestion'), partition: 2, offset: '41' };

/** A ledger whose next claim commits its row and then throws a transient database error (the reply was lost). */
class FakeCommitThenThrowLedger extends InMemoryDedupLedger {
  failNextClaim = true;
  override async claim(entry: LedgerEntry): Promise<ClaimResult> {
    const result = await super.claim(entry);
    if (this.failNextClaim) {
      this.failNextClaim = false;
      throw new StageError('INGEST_DB_UNAVAILABLE', 'connection reset after commit', { retriable: true });
    }
    return result;
  }
}

function acceptedIds(outcome: Outcome<StageOutput> | undefined): (string | null | undefined)[] {
  return outcome?.kind === 'ok' ? outcome.outputs.map((o) => o.key) : [];
}

test('re-emits CaptureAccepted when a retry redelivers a record whose ledger claim committed and then threw (issue 12)', async () => {
  const d = await acceptDeps<FakeCommitThenThrowLedger>({
    ledger: new FakeCommitThenThrowLedger(),
  } as Partial<AcceptDeps>);
  const processChunk = createStage(d, topics);
  const c = await sampleCapture();
  const [failed] = await processChunk([stageRecord(c, c.capture_id, first)]);
  assert.equal(failed?.kind, 'retry');
  assert.equal(failed?.kind === 'retry' ? failed.code : '', 'INGEST_DB_UNAVAILABLE');
  assert.equal(d.ledger.rows.size, 1, 'the claim committed before the error');

  // Back through the retry topic: other coordinates, the same first origin.
  const [redelivered] = await processChunk([stageRecord(c, c.capture_id, retried, first)]);
  assert.equal(redelivered?.kind, 'ok');
  assert.deepEqual(acceptedIds(redelivered), [c.capture_id]);
  assert.equal(d.ledger.rows.get(c.capture_id)?.duplicates, 0);
});

test('still drops a different record of an already-claimed capture as DUPLICATE, even on the retry topic', async () => {
  const d = await acceptDeps<FakeCommitThenThrowLedger>({
    ledger: new FakeCommitThenThrowLedger(),
  } as Partial<AcceptDeps>);
  const processChunk = createStage(d, topics);
  const c = await sampleCapture();
  await processChunk([stageRecord(c, c.capture_id, first)]);
  const other = { topic: topics.capturesRaw, partition: 0, offset: '8' };
  const [fresh, viaRetry] = await processChunk([
    stageRecord(c, c.capture_id, other),
    stageRecord(c, c.capture_id, retried, other),
  ]);
  assert.deepEqual(fresh, { kind: 'skip', code: 'DUPLICATE' });
  assert.deepEqual(viaRetry, { kind: 'skip', code: 'DUPLICATE' });
  assert.equal(d.ledger.rows.get(c.capture_id)?.duplicates, 2);
});

test('dead-letters only the record whose fetch times out with a DOMException; the rest of the chunk is accepted (issue 12)', async () => {
  const d = await acceptDeps({
    fetcher: {
      fetch: async () => {
        // What AbortSignal.timeout() rejects fetch with: a numeric `code`, so not a StageError.
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      },
    },
  });
  const processChunk = createStage(d, topics);
  const before = await sampleCapture({ captured_at: Date.UTC(2026, 10, 24, 11, 59, 0), aisle: 'A2' });
  const timedOut = await sampleCapture({ image_bytes: null, image_uri: 'https://images.example.com/a.jpg' });
  const after = await sampleCapture({ captured_at: Date.UTC(2026, 10, 24, 11, 59, 30), aisle: 'A3' });
  const outcomes = await processChunk(
    [before, timedOut, after].map((c, i) =>
      stageRecord(c, c.capture_id, { topic: topics.capturesRaw, partition: 0, offset: String(10 + i) }),
    ),
  );
  assert.deepEqual(
    outcomes.map((o) => o.kind),
    ['ok', 'dead-letter', 'ok'],
  );
  assert.equal(outcomes[1]?.kind === 'dead-letter' ? outcomes[1].code : '', 'INGEST_UNEXPECTED_ERROR');
});
