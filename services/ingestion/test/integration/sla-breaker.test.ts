import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { waitFor } from '@shelfstream/testkit';
import { sampleImage } from '../../src/test-support/images.js';
import { type IngestionUnderTest, startIngestion } from './harness.js';

const RESET_MS = 1500;
let t: IngestionUnderTest;
let key: string;
before(async () => {
  // The breaker watches a downstream group that never consumes: two validated records put it over a lag of 1.
  t = await startIngestion({
    INGEST_BREAKER_LAG_GROUPS: 'slow-downstream',
    INGEST_BREAKER_MAX_LAG_RECORDS: '1',
    INGEST_BREAKER_PROBE_INTERVAL_MS: '200',
    INGEST_BREAKER_RESET_MS: String(RESET_MS),
  });
  key = await t.addDevice('cam-1', 'store-1');
});
after(async () => {
  await t?.stop();
});

async function upload(aisle: string): Promise<Response> {
  const body = new FormData();
  const fields = {
    store_id: 'store-1',
    aisle,
    fixture_type: 'GONDOLA',
    captured_at: new Date(Date.now() - 1000).toISOString(),
    device_id: 'cam-1',
    planogram_version: 'v1',
  };
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  body.append('image', new Blob([await sampleImage('webp')], { type: 'image/webp' }), 'a.webp');
  return fetch(`${t.baseUrl}/v1/captures`, {
    method: 'POST',
    body,
    headers: { authorization: `Bearer ${key}` },
  });
}

test('the gateway answers 429 with Retry-After while the SLA breaker is open and recovers by itself', async () => {
  assert.equal((await upload('A1')).status, 202);
  assert.equal((await upload('A2')).status, 202);
  await t.validated((n) => n >= 2);

  const shed = await waitFor(
    'breaker open',
    async () => {
      const r = await upload('A3');
      return r.status === 429 ? r : undefined;
    },
    15_000,
    200,
  );
  assert.equal(((await shed.json()) as { code: string }).code, 'INGEST_OVERLOADED');
  assert.equal(shed.headers.get('retry-after'), String(Math.ceil(RESET_MS / 1000)));
  const metrics = await (await fetch(`${t.baseUrl}/metrics`)).text();
  assert.match(metrics, /shelfstream_breaker_state\{[^}]*name="ingestion-sla"[^}]*\} [12]/);

  // The downstream catches up: commit its offsets at the end of the validated topic.
  const admin = t.kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(t.topics.capturesValidated);
  await admin.setOffsets({
    groupId: `${t.ns}.slow-downstream`,
    topic: t.topics.capturesValidated,
    partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })),
  });
  await admin.disconnect();

  const recovered = await waitFor(
    'breaker closed',
    async () => {
      const r = await upload('A4');
      return r.status === 202 ? r : undefined;
    },
    15_000,
    300,
  );
  assert.equal(recovered.status, 202);
});
