import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  BROKER_OUTAGE_MS,
  buildFaultSchedule,
  formatSchedule,
  KAFKAJS_RETRY_BUDGET_MS,
  scheduleShape,
} from './fault-schedule.js';

const services = ['ingestion', 'preprocessing', 'scorer', 'state-tracker'];

test('kills every service once per round and hits each stack part once, without overlap', () => {
  const s = buildFaultSchedule({ services, shape: scheduleShape(false), seed: 7 });
  const kills = s.faults.filter((f) => f.kind === 'service');
  assert.equal(kills.length, services.length * 3);
  for (const name of services) assert.equal(kills.filter((k) => k.target === name).length, 3);
  assert.deepEqual(
    s.faults.filter((f) => f.kind !== 'service').map((f) => f.kind),
    ['broker', 'registry', 'postgres', 'blob-store'],
  );
  for (let i = 1; i < s.faults.length; i++) {
    const prev = s.faults[i - 1];
    const cur = s.faults[i];
    assert.ok(
      prev && cur && cur.atMs >= prev.atMs + prev.downMs,
      `fault ${cur?.id} overlaps the previous one`,
    );
  }
  assert.ok(kills.some((k) => k.midTransaction) && kills.some((k) => !k.midTransaction));
  assert.equal(s.sendWindowMs, s.lastFaultEndMs);
});

test('keeps the broker outage longer than the KafkaJS retry budget in the short form and at any scale', () => {
  assert.ok(BROKER_OUTAGE_MS > KAFKAJS_RETRY_BUDGET_MS);
  const short = scheduleShape(true, 0.2);
  assert.ok(short.outageMs.broker > KAFKAJS_RETRY_BUDGET_MS);
  assert.equal(short.serviceRounds, 2);
  assert.ok(short.outageMs.registry < scheduleShape(true).outageMs.registry);
});

test('the same seed gives the same schedule, and it prints one line per fault', () => {
  const a = buildFaultSchedule({ services, shape: scheduleShape(true), seed: 3 });
  const b = buildFaultSchedule({ services, shape: scheduleShape(true), seed: 3 });
  assert.deepEqual(a, b);
  const lines = formatSchedule(a);
  assert.equal(lines.length, a.faults.length);
  assert.match(lines.find((l) => l.includes('broker')) ?? '', /SIGKILL broker \(kafka\), down 60 s/);
  assert.match(lines.find((l) => l.includes('PostgreSQL')) ?? '', /immediate stop, down 25 s/);
});
