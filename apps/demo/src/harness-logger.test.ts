import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { harnessLogger } from './harness-logger.js';

test("a harness's warnings go to <stateDir>/logs/harness.log as JSON, not to the terminal", async () => {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'harness-log-'));
  try {
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    const writeOut = process.stdout.write.bind(process.stdout);
    process.stderr.write = ((chunk: string) =>
      written.push(String(chunk)) > 0) as typeof process.stderr.write;
    process.stdout.write = ((chunk: string) =>
      written.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      const logger = harnessLogger(stateDir, 'demo');
      logger.warn({ kafkajs: 'Connection' }, 'broker unreachable');
      logger.info('not at warn: dropped');
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      process.stderr.write = write;
      process.stdout.write = writeOut;
    }
    assert.deepEqual(
      written.filter((w) => w.includes('broker unreachable')),
      [],
      'nothing on the terminal',
    );
    const file = path.join(stateDir, 'logs', 'harness.log');
    assert.ok(existsSync(file));
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(lines.length, 1);
    const entry = JSON.parse(lines[0] as string) as { msg: string; service: string; kafkajs: string };
    assert.equal(entry.msg, 'broker unreachable');
    assert.equal(entry.service, 'demo');
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
  }
});
