import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { Counter } from 'prom-client';
import { createHealthServer } from './health-server.js';
import { createLogger, recordLogger } from './logger.js';
import { createMetricsRegistry } from './metrics.js';

function captureLines(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...chunk.toString().trim().split('\n'));
      cb();
    },
  });
  return { stream, lines };
}

test('readyz answers 503 naming the failing check and 200 once it passes', async () => {
  const { stream } = captureLines();
  let kafkaUp = false;
  const server = createHealthServer({
    logger: createLogger({ service: 'test', destination: stream }),
    registry: createMetricsRegistry('test'),
    checks: {
      kafka: async () => (kafkaUp ? { ok: true } : { ok: false, detail: 'not connected' }),
      slow: async () => new Promise((resolve) => setTimeout(() => resolve({ ok: true }), 5)),
    },
  });
  const down = await server.inject({ method: 'GET', url: '/readyz' });
  assert.equal(down.statusCode, 503);
  assert.deepEqual(down.json().checks.kafka, { ok: false, detail: 'not connected' });
  kafkaUp = true;
  const up = await server.inject({ method: 'GET', url: '/readyz' });
  assert.equal(up.statusCode, 200);
  assert.equal((await server.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
  await server.close();
});

test('a hanging check times out instead of hanging readyz', async () => {
  const server = createHealthServer({
    logger: createLogger({ service: 'test', destination: captureLines().stream }),
    registry: createMetricsRegistry('test'),
    checks: { hang: () => new Promise(() => {}) },
    checkTimeoutMs: 20,
  });
  const res = await server.inject({ method: 'GET', url: '/readyz' });
  assert.equal(res.statusCode, 503);
  assert.match(res.json().checks.hang.detail, /timed out/);
  await server.close();
});

test('metrics serves registered counters and default process metrics with the service label', async () => {
  const registry = createMetricsRegistry('svc');
  new Counter({ name: 'shelfstream_test_total', help: 'test', registers: [registry] }).inc(3);
  const server = createHealthServer({
    logger: createLogger({ service: 'svc', destination: captureLines().stream }),
    registry,
  });
  const res = await server.inject({ method: 'GET', url: '/metrics' });
  assert.match(res.body, /shelfstream_test_total\{service="svc"\} 3/);
  assert.match(res.body, /process_cpu_seconds_total/);
  await server.close();
});

test('record loggers write capture_id and trace_id on every line', () => {
  const { stream, lines } = captureLines();
  const log = recordLogger(createLogger({ service: 'svc', destination: stream }), {
    captureId: 'abc',
    traceId: 't1',
  });
  log.info('hello');
  const line = JSON.parse(lines[0] ?? '{}');
  assert.equal(line.capture_id, 'abc');
  assert.equal(line.trace_id, 't1');
  assert.equal(line.service, 'svc');
  assert.equal(line.level, 'info');
});
