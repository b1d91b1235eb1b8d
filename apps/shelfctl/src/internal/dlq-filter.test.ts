import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DeadLetter } from '@shelfstream/contracts';
import type { DlqEntry } from './dlq-entry.js';
import { matchesDlqFilter, selectDeadLetters } from './dlq-filter.js';
import { formatDlqTable, hexPreview, toDlqJson } from './dlq-format.js';

function entry(offset: number, overrides: Partial<DeadLetter> = {}): DlqEntry {
  const letter: DeadLetter = {
    stage: 'PREPROCESSING',
    reason_code: 'PREPROCESS_DECODE_FAILED',
    retriable: false,
    error_message: 'bad jpeg',
    error_stack: null,
    original_topic: 'shelf.captures.validated.v1',
    original_partition: 1,
    original_offset: 10 + offset,
    original_key: `key-${offset}`,
    original_value: Buffer.from([0, 0, 0, 0, 1, 2]),
    original_headers: {},
    capture_id: `capture-${offset}`,
    blob_uri: null,
    batch_id: null,
    attempts: 1,
    first_failure_at: 1_000 * offset,
    last_failure_at: 1_000 * offset,
    dead_lettered_at: 1_000 * offset,
    ...overrides,
  };
  return {
    partition: 0,
    offset: String(offset),
    timestamp: 1_000 * offset,
    key: letter.original_key,
    headers: {},
    letter,
  };
}

const undecodable: DlqEntry = {
  partition: 2,
  offset: '7',
  timestamp: 0,
  key: null,
  headers: {},
  letter: null,
  decodeError: 'KAFKA_DECODE_FAILED',
};

test('filters by stage and reason case-insensitively, and by a half-open time window', () => {
  const entries = [
    entry(1),
    entry(2, { stage: 'INFERENCE', reason_code: 'INFER_TIMEOUT' }),
    entry(3),
    entry(4, { reason_code: 'PREPROCESS_TOO_SMALL' }),
  ];
  const offsets = (filter: Parameters<typeof selectDeadLetters>[1], limit?: number) =>
    selectDeadLetters(entries, filter, limit).map((e) => e.offset);
  assert.deepEqual(offsets({ stage: 'preprocessing' }), ['1', '3', '4']);
  assert.deepEqual(offsets({ reason: 'infer_timeout' }), ['2']);
  assert.deepEqual(offsets({ since: 2_000, until: 4_000 }), ['2', '3']);
  assert.deepEqual(offsets({ captureId: 'capture-4' }), ['4']);
  assert.deepEqual(offsets({ stage: 'PREPROCESSING' }, 2), ['1', '3']);
});

test('an undecodable entry shows up unfiltered but never matches a filter', () => {
  assert.equal(matchesDlqFilter(undecodable, {}), true);
  assert.equal(matchesDlqFilter(undecodable, { stage: 'INGESTION' }), false);
});

test('prints a table with position, time, stage, reason, capture id, topic and attempts', () => {
  const table = formatDlqTable([entry(1, { attempts: 4 }), undecodable]).split('\n');
  assert.match(table[0] ?? '', /^OFFSET\s+TIME\s+STAGE\s+REASON\s+CAPTURE ID\s+ORIGINAL TOPIC\s+ATTEMPTS$/);
  assert.match(
    table[1] ?? '',
    /^0:1\s+1970-01-01T00:00:01.000Z\s+PREPROCESSING\s+PREPROCESS_DECODE_FAILED\s+capture-1\s+shelf\.captures\.validated\.v1\s+4$/,
  );
  assert.match(table[2] ?? '', /^2:7 .*\(undecodable: KAFKA_DECODE_FAILED\)/);
});

test('JSON lines carry the original value as base64 and instants as ISO', () => {
  const json = toDlqJson(entry(5));
  assert.equal(json['position'], '0:5');
  assert.equal(json['original_value'], 'AAAAAAEC');
  assert.equal(json['dead_lettered_at'], '1970-01-01T00:00:05.000Z');
  assert.equal(toDlqJson(undecodable)['decode_error'], 'KAFKA_DECODE_FAILED');
});

test('a hex preview shows offsets, bytes and printable characters, and says what it cut', () => {
  const preview = hexPreview(Buffer.from('hello, dead letter!'), 16).split('\n');
  assert.equal(preview[0], '00000000  68 65 6c 6c 6f 2c 20 64 65 61 64 20 6c 65 74 74  hello, dead lett');
  assert.equal(preview[1], '... 3 more bytes');
});
