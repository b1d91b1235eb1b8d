import { type DlqEntry, dlqPosition } from './dlq-entry.js';

const COLUMNS = ['OFFSET', 'TIME', 'STAGE', 'REASON', 'CAPTURE ID', 'ORIGINAL TOPIC', 'ATTEMPTS'] as const;

/** The `dlq list` table: one row per entry, columns padded to fit. */
export function formatDlqTable(entries: readonly DlqEntry[]): string {
  const rows = entries.map((e) => {
    const l = e.letter;
    return [
      dlqPosition(e),
      new Date(l?.dead_lettered_at ?? e.timestamp).toISOString(),
      l?.stage ?? '?',
      l?.reason_code ?? `(undecodable: ${e.decodeError ?? 'unknown'})`,
      l?.capture_id ?? '-',
      l?.original_topic ?? '-',
      l ? String(l.attempts) : '-',
    ];
  });
  const all = [[...COLUMNS], ...rows];
  const widths = COLUMNS.map((_, i) => Math.max(...all.map((r) => (r[i] as string).length)));
  return all
    .map((r) =>
      r
        .map((cell, i) => cell.padEnd(widths[i] as number))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** One JSON line of `dlq list --json`: the DeadLetter fields plus position; bytes as base64, instants as ISO. */
export function toDlqJson(entry: DlqEntry): Record<string, unknown> {
  const l = entry.letter;
  return {
    position: dlqPosition(entry),
    partition: entry.partition,
    offset: entry.offset,
    timestamp: new Date(entry.timestamp).toISOString(),
    key: entry.key,
    ...(l
      ? {
          ...l,
          original_value: l.original_value.toString('base64'),
          first_failure_at: new Date(l.first_failure_at).toISOString(),
          last_failure_at: new Date(l.last_failure_at).toISOString(),
          dead_lettered_at: new Date(l.dead_lettered_at).toISOString(),
        }
      : { decode_error: entry.decodeError ?? 'unknown' }),
  };
}

/** A hex dump preview (16 bytes a line, at most `maxBytes`) for values that do not decode. */
export function hexPreview(bytes: Buffer, maxBytes = 256): string {
  const lines: string[] = [];
  const shown = bytes.subarray(0, maxBytes);
  for (let i = 0; i < shown.length; i += 16) {
    const chunk = shown.subarray(i, i + 16);
    const hex = [...chunk].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    const ascii = [...chunk].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${i.toString(16).padStart(8, '0')}  ${hex.padEnd(47)}  ${ascii}`);
  }
  if (bytes.length > maxBytes) lines.push(`... ${bytes.length - maxBytes} more bytes`);
  return lines.join('\n');
}
