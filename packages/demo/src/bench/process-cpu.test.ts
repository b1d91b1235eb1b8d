import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { test } from 'node:test';
import { machineBusySeconds, scrapeCpuSeconds } from './process-cpu.js';

test('machineBusySeconds counts every field but idle and iowait, in USER_HZ', () => {
  const stat = 'cpu  100 20 30 5000 70 1 2 3 0 0\ncpu0 50 10 15 2500 35 0 1 1 0 0\nintr 1\n';
  assert.equal(machineBusySeconds(stat), (100 + 20 + 30 + 1 + 2 + 3) / 100);
  assert.throws(() => machineBusySeconds('intr 1\n'), /no aggregate cpu line/);
});

test('scrapeCpuSeconds reads process_cpu_seconds_total from a metrics page', async (t) => {
  const body = [
    '# HELP process_cpu_user_seconds_total x',
    'process_cpu_user_seconds_total 1.5',
    '# TYPE process_cpu_seconds_total counter',
    'process_cpu_seconds_total 2.25',
  ].join('\n');
  const server = createServer((req, res) => {
    if (req.url === '/metrics') res.end(body);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => server.close());
  const { port } = server.address() as { port: number };
  assert.equal(await scrapeCpuSeconds(`http://127.0.0.1:${port}/metrics`), 2.25);
  await assert.rejects(scrapeCpuSeconds(`http://127.0.0.1:${port}/nope`), /HTTP 404/);
});
