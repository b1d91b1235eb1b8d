import { loadConfig } from '@shelfstream/config';
import {
  type CaptureHistory,
  createPool,
  databaseConfig,
  loadCaptureHistory,
  type Pool,
} from '@shelfstream/db';
import type { Command } from 'commander';
import { CommandError, ExitCodes } from '../exit-codes.js';

/**
 * `shelfctl capture <id>`: a capture's state and history as the state tracker recorded them, and the earlier scores a
 * re-score by a better tier replaced (shelfstream.superseded_results).
 */
export function registerCaptureCommands(program: Command): void {
  program
    .command('capture <captureId>')
    .description(
      "show a capture's state, its history (from the state tracker) and the scores a re-score superseded; exit 3 when unknown",
    )
    .option('--json', 'print as JSON')
    .action(async (captureId: string, options: { json?: boolean }) => {
      const { databaseUrl } = loadConfig(databaseConfig);
      const pool = createPool(databaseUrl, { max: 1, applicationName: 'shelfctl' });
      try {
        const history = await loadCaptureHistory(pool, captureId);
        if (!history)
          throw new CommandError(`capture ${captureId} is unknown to the state tracker`, ExitCodes.notFound);
        const superseded = await loadSupersededScores(pool, captureId);
        process.stdout.write(
          options.json
            ? `${JSON.stringify({ ...history, superseded }, null, 2)}\n`
            : formatHistory(history, superseded),
        );
      } finally {
        await pool.end();
      }
    });
}

/** An earlier score of a capture that a re-score by a better tier replaced (a row of superseded_results). */
export interface SupersededScore {
  readonly tier: string;
  readonly modelId: string;
  readonly modelVersion: string;
  readonly score: number;
  readonly partial: boolean;
  /** Epoch ms. */
  readonly scoredAt: number;
  readonly supersededByTier: string;
  /** Epoch ms. */
  readonly supersededAt: number;
}

/** The capture's superseded scores, oldest replacement first; empty when it was never re-scored. */
export async function loadSupersededScores(pool: Pool, captureId: string): Promise<SupersededScore[]> {
  const { rows } = await pool.query<{
    tier: string;
    model_id: string;
    model_version: string;
    score: number;
    partial: boolean;
    scored_at: Date;
    superseded_by_tier: string;
    superseded_at: Date;
  }>(
    `select tier, model_id, model_version, score, partial, scored_at, superseded_by_tier, superseded_at
       from shelfstream.superseded_results where capture_id = $1 order by superseded_at, tier`,
    [captureId],
  );
  return rows.map((r) => ({
    tier: r.tier,
    modelId: r.model_id,
    modelVersion: r.model_version,
    score: r.score,
    partial: r.partial,
    scoredAt: r.scored_at.getTime(),
    supersededByTier: r.superseded_by_tier,
    supersededAt: r.superseded_at.getTime(),
  }));
}

const iso = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

/** Renders a capture history for a terminal, with the scores re-scores superseded when there are any. */
export function formatHistory(history: CaptureHistory, superseded: readonly SupersededScore[] = []): string {
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
    ...(superseded.length === 0
      ? []
      : [
          '',
          'superseded scores (replaced by a re-score of a better tier; the current score is in compliance_results)',
          ...superseded.map(
            (s) =>
              `  ${s.tier} ${s.score.toFixed(1)}${s.partial ? ' (partial)' : ''}  ${s.modelId}@${s.modelVersion}  scored ${iso(s.scoredAt)}  superseded by ${s.supersededByTier} at ${iso(s.supersededAt)}`,
          ),
        ]),
    '',
    'history (event time, state, detail, source record; * = moved the state)',
    ...history.events.map(
      (e) =>
        `  ${iso(e.occurredAt)}  ${e.applied ? '*' : ' '} ${e.state.padEnd(13)} ${(e.detail ?? '').padEnd(28)} ${e.source.topic}[${e.source.partition}]@${e.source.offset}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
