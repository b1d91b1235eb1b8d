#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError, configTableMarkdown, loadConfig } from '@shelfstream/config';
import { createLogger } from '@shelfstream/observability';
import { kafkaConnectionConfig } from './connection-config.js';
import { provision } from './provision/provision.js';

const HELP = `Usage: shelfstream-provision [--topics-only | --schemas-only] [--help]

Applies the topic catalogue (create missing topics, align configs, grow partitions) and registers every value
schema under <topic>-value with BACKWARD compatibility. Idempotent: safe to run on every deploy.

Environment:
${configTableMarkdown(kafkaConnectionConfig)}
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      help: { type: 'boolean', short: 'h' },
      'topics-only': { type: 'boolean' },
      'schemas-only': { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const connection = loadConfig(kafkaConnectionConfig);
  const logger = createLogger({ service: 'provision', level: process.env['LOG_LEVEL'] ?? 'warn' });
  const started = Date.now();
  const report = await provision(connection, logger, {
    topics: !values['schemas-only'],
    schemas: !values['topics-only'],
  });
  for (const t of report.topics) {
    process.stdout.write(
      `topic   ${t.action.padEnd(9)} ${t.topic}${t.changes.length ? ` (${t.changes.join(', ')})` : ''}\n`,
    );
  }
  for (const s of report.subjects)
    process.stdout.write(`subject id=${String(s.id).padEnd(6)} ${s.subject}\n`);
  process.stdout.write(`provisioned in ${Date.now() - started} ms\n`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`provision failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
