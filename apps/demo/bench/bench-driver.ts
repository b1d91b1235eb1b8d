import type { CompletionWatcher } from '../src/bench/completion-watcher.js';

/** What the load driver has sent and which of it has finished (scored or dead-lettered); every phase shares it. */
export interface BenchDriver {
  /** Every capture sent so far, in order. */
  readonly allSent: readonly string[];
  readonly watcher: CompletionWatcher;
  /** Sends one capture and keeps its id. */
  sendOne(): Promise<string>;
  finished(id: string): boolean;
  /** How many of `ids` have not finished yet. */
  unfinished(ids: Iterable<string>): number;
}

/** A driver over `send` (one capture per call, resolving with its id) and the watcher of its outcomes. */
export function createBenchDriver(send: () => Promise<string>, watcher: CompletionWatcher): BenchDriver {
  const allSent: string[] = [];
  const finished = (id: string) => watcher.finishedAt(id) !== undefined;
  return {
    allSent,
    watcher,
    sendOne: async () => {
      const id = await send();
      allSent.push(id);
      return id;
    },
    finished,
    unfinished: (ids) => {
      let n = 0;
      for (const id of ids) if (!finished(id)) n++;
      return n;
    },
  };
}
