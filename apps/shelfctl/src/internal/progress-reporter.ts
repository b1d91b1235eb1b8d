import cliProgress from 'cli-progress';

/** Reports per-item progress of a batch command. */
export interface ProgressReporter {
  /** One item finished; `line` describes it (shown as a plain line when not on a TTY). */
  tick(ok: boolean, line: string): void;
  /** A note that is not an item (e.g. a retry wait). */
  note(line: string): void;
  stop(): void;
}

/**
 * A progress bar (cli-progress) when `stream` is a TTY, else one plain line per item (`[3/10] ok ...`), so logs and
 * pipes stay readable.
 */
export function createProgressReporter(
  total: number,
  stream: NodeJS.WriteStream = process.stdout,
): ProgressReporter {
  let done = 0;
  let failed = 0;
  if (!stream.isTTY) {
    return {
      tick(ok, line) {
        done++;
        stream.write(`[${done}/${total}] ${ok ? 'ok  ' : 'FAIL'} ${line}\n`);
      },
      note(line) {
        stream.write(`        ${line}\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { stream, format: '{bar} {value}/{total} | failed {failed} | {last}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { failed: 0, last: '' });
  return {
    tick(ok, line) {
      if (!ok) failed++;
      bar.increment(1, { failed, last: line.slice(0, 60) });
    },
    note(line) {
      bar.update({ last: line.slice(0, 60) });
    },
    stop() {
      bar.stop();
    },
  };
}
