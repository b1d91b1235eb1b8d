import { loadConfig } from '@shelfstream/config';
import { type CaptureHistory, createPool, databaseConfig, loadCaptureHistory } from '@shelfstream/db';
import type { Command } from 'commander';
import { CommandError, ExitCodes } from '../exit-codes.js';

/** `shelfctl capture <id>`: a capture's state and history as the state tracker recorded them. */
export function registerCaptureCommands(program: Command): void {
  program
    .command('capture <captureId>')
    .description("show a capture's state and its history (from the state tracker); exit 3 when unknown")
    .option('--json', 'print as JSON')
    .action(async (captureId: string, options: { json?: boolean }) => {
      const { databaseUrl } = loadConfig(databaseConfig);
      const pool = createPool(databaseUrl, { max: 1, applicationName: 'shelfctl' });
      try {
        const history = await loadCaptureHistory(pool, captureId);
        if (!history)
          throw new CommandError(`capture ${captureId} is unknown to the state tracker`, ExitCodes.notFound);
        process.stdout.write(options.json ? `${JSON.stringify(history, null, 2)}\n` : formatHistory(history));
      } finally {
        await pool.end();
      }
    });
}

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

/** Renders a capture history for a terminal. */
export function formatHistory(history: CaptureHistory): string {
  const c = history.capture;
  // The tracker keeps a dead letter's reason on the capture; an UNSCORABLE one is the detail of the event that moved it.
  const unscorableReason =
    c.state === 'UNSCORABLE'
      ? history.events.find((e) => e.applied && e.state === 'UNSCORABLE')?.detail
      : undefined;
  const lines = [
    `capture   ${c.captureId}`,
    `state     ${c.state}${c.tier && c.state === 'INFERRED' ? `(${c.tier})` : ''}${
      c.deadLetterReason && c.state === 'DEAD_LETTERED' ? `(${c.deadLetterReason})` : ''
    }${unscorableReason ? `(${unscorableReason})` : ''}`,
    `where     ${c.storeId ?? '?'} / ${c.aisle ?? '?'}  device ${c.deviceId ?? '?'}  captured ${iso(c.capturedAt)}`,
    `tier      ${c.tier ?? '-'}`,
    '',
    'history (event time, state, detail, source record; * = moved the state)',
    ...history.events.map(
      (e) =>
        `  ${iso(e.occurredAt)}  ${e.applied ? '*' : ' '} ${e.state.padEnd(13)} ${(e.detail ?? '').padEnd(28)} ${e.source.topic}[${e.source.partition}]@${e.source.offset}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
