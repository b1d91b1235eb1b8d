/** Parsed arguments of the generator CLI. */
export interface CliArgs {
  out: string;
  count: number;
  seed: number;
  width: number;
  height: number;
  /** Empty fixtures only: shelves drawn, no products, every planogram run out of stock. */
  empty: boolean;
  help: boolean;
}

/** Usage text of the generator CLI. */
export const USAGE = `Usage: synthetic-shelf --out <dir> [--count N] [--seed S] [--size WxH] [--empty] [--help]

Writes N synthetic shelf scenes (scene i uses seed S+i) to <dir>:
  images/<name>.jpg     the photos
  labels/<name>.txt     YOLO labels: class cx cy w h (normalised)
  scenes.jsonl          one line per scene: file, seed, fixture, size, planogram, true facings, misplaced, out of stock
  classes.txt           class names (SKU ids) by index

Options:
  --out <dir>    output folder (required)
  --count N      number of scenes (default 100)
  --seed S       first seed (default 1)
  --size WxH     image size in pixels (default 1280x960)
  --empty        empty fixtures: shelves and shelf edges, no products, every planogram run out of stock
  --help         show this text`;

/** Thrown (as a plain Error with this code) for a malformed command line. */
export const CLI_BAD_ARGUMENT = 'CLI_BAD_ARGUMENT';

/** Parses the generator's command line; throws an Error with code {@link CLI_BAD_ARGUMENT} when malformed. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const args: CliArgs = {
    out: '',
    count: 100,
    seed: 1,
    width: 1280,
    height: 960,
    empty: false,
    help: false,
  };
  const fail = (message: string): never => {
    throw Object.assign(new Error(`${message}\n\n${USAGE}`), { code: CLI_BAD_ARGUMENT });
  };
  const int = (flag: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (value === undefined || !Number.isInteger(n) || n < min) fail(`${flag} needs an integer >= ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    switch (flag) {
      case '--help':
      case '-h':
        args.help = true;
        break;
      case '--empty':
        args.empty = true;
        break;
      case '--out':
        if (!value) fail('--out needs a folder');
        args.out = value as string;
        i++;
        break;
      case '--count':
        args.count = int(flag, value, 1);
        i++;
        break;
      case '--seed':
        args.seed = int(flag, value, 0);
        i++;
        break;
      case '--size': {
        const m = /^(\d+)x(\d+)$/.exec(value ?? '');
        if (!m) fail('--size needs WxH, e.g. 1280x960');
        args.width = Number(m?.[1]);
        args.height = Number(m?.[2]);
        i++;
        break;
      }
      default:
        fail(`unknown argument ${flag}`);
    }
  }
  if (!args.help && args.out === '') fail('--out is required');
  return args;
}
