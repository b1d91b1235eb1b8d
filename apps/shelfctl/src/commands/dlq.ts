import { createPool, migrate } from '@shelfstream/db';
import { type Command, Option } from 'commander';
import { CommandError, ExitCodes } from '../exit-codes.js';
import { dlqPosition } from '../internal/dlq-entry.js';
import { type DlqFilter, selectDeadLetters } from '../internal/dlq-filter.js';
import { formatDlqTable, toDlqJson } from '../internal/dlq-format.js';
import { readDeadLetterTopic } from '../internal/dlq-reader.js';
import { createKafkaContext, type KafkaContext } from '../internal/kafka-context.js';
import { parsePositiveInt, parseTimeBound } from '../internal/parse-options.js';
import { replayDeadLetters } from '../internal/replay-dead-letters.js';
import { PgReplayLedger } from '../internal/replay-ledger.js';
import { describeDeadLetter } from '../internal/show-dead-letter.js';

interface FilterOptions {
  stage?: string;
  reason?: string;
  since?: number;
  until?: number;
  captureId?: string;
  limit?: number;
  timeoutMs: number;
}

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/shelfstream';

/**
 * `shelfctl dlq list|show|replay`: inspect and replay the dead-letter topic of KAFKA_TOPIC_NAMESPACE. Connection
 * settings come from the services' variables (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, ...; DATABASE_URL for replay).
 */
export function registerDlqCommands(program: Command): void {
  const dlq = program
    .command('dlq')
    .description('inspect and replay the dead-letter topic (shelf.dlq.v1 in KAFKA_TOPIC_NAMESPACE)');

  withFilters(dlq.command('list').description('list dead letters, oldest first, as a table or JSON lines'))
    .option('--json', 'one JSON object per line instead of a table')
    .action(async (options: FilterOptions & { json?: boolean }) => {
      await withKafka(async (ctx) => {
        const selected = selectDeadLetters(await readAll(ctx, options), toFilter(options), options.limit);
        if (options.json) {
          for (const e of selected) process.stdout.write(`${JSON.stringify(toDlqJson(e))}\n`);
        } else {
          process.stdout.write(`${formatDlqTable(selected)}\n${selected.length} dead letter(s)\n`);
        }
      });
    });

  dlq
    .command('show')
    .description('print everything of dead letters: by position <partition:offset>, or all of one capture id')
    .argument('<ref>', 'partition:offset, or a capture id')
    .addOption(timeoutOption())
    .action(async (ref: string, options: { timeoutMs: number }) => {
      await withKafka(async (ctx) => {
        const entries = await readAll(ctx, options);
        const byPosition = /^\d+:\d+$/.test(ref);
        const found = entries.filter((e) =>
          byPosition ? dlqPosition(e) === ref : e.letter?.capture_id === ref,
        );
        if (found.length === 0)
          throw new CommandError(`no dead letter ${ref} in ${ctx.dlqTopic}`, ExitCodes.notFound);
        for (const e of found) process.stdout.write(`${await describeDeadLetter(e, ctx.codec)}\n\n`);
      });
    });

  withFilters(
    dlq
      .command('replay')
      .description(
        're-produce selected dead letters to the stage input they came from (x-replayed-from, x-attempt: 1); ' +
          'each at most once (ledger: PostgreSQL shelfstream.dlq_replays)',
      ),
  )
    .option('--dry-run', 'print what would be replayed; produce and record nothing')
    .option('--all', 'replay every dead letter (required when no filter is given)')
    .addOption(
      new Option('--database-url <url>', 'PostgreSQL holding the replay ledger')
        .env('DATABASE_URL')
        .default(DEFAULT_DATABASE_URL),
    )
    .action(async (options: FilterOptions & { dryRun?: boolean; all?: boolean; databaseUrl: string }) => {
      const filter = toFilter(options);
      if (!options.all && Object.keys(filter).length === 0 && options.limit === undefined) {
        throw new CommandError('give a filter (--stage, --reason, --since, ...) or --all', ExitCodes.usage);
      }
      await withKafka(async (ctx) => {
        const selected = selectDeadLetters(await readAll(ctx, options), filter, options.limit);
        await migrate(options.databaseUrl);
        const pool = createPool(options.databaseUrl, { max: 2, applicationName: 'shelfctl' });
        const producer = ctx.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
        await producer.connect();
        try {
          const outcomes = await replayDeadLetters(selected, {
            dlqTopic: ctx.dlqTopic,
            ledger: new PgReplayLedger(pool),
            dryRun: options.dryRun === true,
            send: async (m) => {
              await producer.send({
                topic: m.topic,
                acks: -1,
                messages: [{ key: m.key, value: m.value, headers: m.headers }],
              });
            },
          });
          for (const o of outcomes) {
            process.stdout.write(`${o.position.padEnd(10)} ${o.action.padEnd(16)} ${o.targetTopic ?? '-'}\n`);
          }
          const count = (action: string) => outcomes.filter((o) => o.action === action).length;
          process.stdout.write(
            `${options.dryRun ? 'dry run: would replay' : 'replayed'} ${count(options.dryRun ? 'would-replay' : 'replayed')}, ` +
              `already replayed ${count('already-replayed')}, undecodable ${count('undecodable')}\n`,
          );
          if (count('undecodable') > 0) {
            throw new CommandError(
              'some dead letters do not decode and were not replayed',
              ExitCodes.partial,
            );
          }
        } finally {
          await producer.disconnect();
          await pool.end();
        }
      });
    });
}

function withFilters(command: Command): Command {
  return command
    .option('--stage <stage>', 'stage that dead-lettered (INGESTION, PREPROCESSING, INFERENCE, SCORING, ...)')
    .option('--reason <code>', 'reason code, e.g. PREPROCESS_DECODE_FAILED')
    .option('--since <when>', 'dead-lettered at or after: a duration back (30m, 1h, 2d) or ISO-8601', (v) =>
      parseTimeBound(v),
    )
    .option('--until <when>', 'dead-lettered before: a duration back or ISO-8601', (v) => parseTimeBound(v))
    .option('--capture-id <id>', 'one capture')
    .option('--limit <n>', 'at most n dead letters (oldest first)', parsePositiveInt)
    .addOption(timeoutOption());
}

function timeoutOption(): Option {
  return new Option('--timeout-ms <ms>', 'give up reading the DLQ after this long')
    .default(30_000)
    .argParser(parsePositiveInt);
}

function toFilter(options: FilterOptions): DlqFilter {
  const filter: { -readonly [K in keyof DlqFilter]: DlqFilter[K] } = {};
  if (options.stage !== undefined) filter.stage = options.stage;
  if (options.reason !== undefined) filter.reason = options.reason;
  if (options.since !== undefined) filter.since = options.since;
  if (options.until !== undefined) filter.until = options.until;
  if (options.captureId !== undefined) filter.captureId = options.captureId;
  return filter;
}

async function readAll(ctx: KafkaContext, options: { timeoutMs: number }) {
  const { entries, complete } = await readDeadLetterTopic(ctx.kafka, ctx.codec, ctx.dlqTopic, {
    timeoutMs: options.timeoutMs,
  });
  if (!complete) {
    process.stderr.write(
      `shelfctl: warning: ${ctx.dlqTopic} not read to its end within ${options.timeoutMs} ms\n`,
    );
  }
  return entries;
}

async function withKafka(run: (ctx: KafkaContext) => Promise<void>): Promise<void> {
  let ctx: KafkaContext;
  try {
    ctx = createKafkaContext();
  } catch (err) {
    // Branch on the code, not instanceof (STYLE.md): ConfigError says which variables are wrong.
    if ((err as { code?: unknown }).code === 'CONFIG_INVALID') {
      throw new CommandError((err as Error).message, ExitCodes.usage);
    }
    throw err;
  }
  await run(ctx);
}
