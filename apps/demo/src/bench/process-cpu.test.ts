import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { test } from 'node:test';
import {
  machineBusySeconds,
  metricValue,
  procStatCpuSeconds,
  procStatName,
  scrapeProcessFigures,
} from './process-cpu.js';

test('machineBusySeconds counts every field but idle and iowait, in USER_HZ', () => {
  const stat = 'cpu  100 20 30 5000 70 1 2 3 0 0\ncpu0 50 10 15 2500 35 0 1 1 0 0\nintr 1\n';
  assert.equal(machineBusySeconds(stat), (100 + 20 + 30 + 1 + 2 + 3) / 100);
  assert.throws(() => machineBusySeconds('intr 1\n'), /no aggregate cpu line/);
});

test('scrapeProcessFigures reads CPU seconds and resident memory from a metrics page', async (t) => {
  const body = [
    '# HELP process_cpu_user_seconds_total x',
    'process_cpu_user_seconds_total 1.5',
    '# TYPE process_cpu_seconds_total counter',
    'process_cpu_seconds_total 2.25',
    'process_resident_memory_bytes 104857600',
  ].join('\n');
  const server = createServer((req, res) => {
    if (req.url === '/metrics') res.end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const { port } = server.address() as { port: number };
  assert.deepEqual(await scrapeProcessFigures(`http://127.0.0.1:${port}/metrics`), {
    cpuSeconds: 2.25,
    rssBytes: 104857600,
  });
  await assert.rejects(scrapeProcessFigures(`http://127.0.0.1:${port}/nope`), /HTTP 404/);
});

test('procStatCpuSeconds adds utime and stime (USER_HZ) counting fields from the last parenthesis', () => {
  // A name with a space and a parenthesis must not shift the fields.
  const stat = '4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 566 7 8 20 0 50 0 99 0 0';
  assert.equal(procStatName(stat), 'java (x) y');
  assert.equal(procStatCpuSeconds(stat), (1234 + 566) / 100);
  assert.throws(() => procStatCpuSeconds('1 (x) S'), /malformed/);
});

test('procStatCpuSeconds reads this very process', () => {
  const seconds = procStatCpuSeconds(readFileSync('/proc/self/stat', 'utf8'));
  assert.ok(seconds >= 0 && seconds < process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6 + 1);
});

test('metricValue takes the first sample of a metric, labels or not, and undefined when absent', () => {
  const page = 'a_total{x="1"} 3\na_total{x="2"} 4\nb 1e3\n';
  assert.equal(metricValue(page, 'a_total'), 3);
  assert.equal(metricValue(page, 'b'), 1000);
  assert.equal(metricValue(page, 'c'), undefined);
});
