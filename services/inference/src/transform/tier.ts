import type { InferenceTier } from '@shelfstream/contracts';

/** The three inference tiers, in fallback order. */
export const TIERS = ['remote', 'edge', 'heuristic'] as const;

/** One inference tier (`--tier`). */
export type Tier = (typeof TIERS)[number];

/** The InferenceTier symbol a tier writes into its records. */
export function toInferenceTier(tier: Tier): InferenceTier {
  return tier === 'remote' ? 'REMOTE' : tier === 'edge' ? 'EDGE' : 'HEURISTIC';
}

/** Parses `--tier <t>` / `--tier=<t>` out of the arguments; undefined when absent. Throws on an unknown tier. */
export function tierFromArgs(args: readonly string[]): Tier | undefined {
  let value: string | undefined;
  args.forEach((arg, i) => {
    if (arg === '--tier') value = args[i + 1];
    else if (arg.startsWith('--tier=')) value = arg.slice('--tier='.length);
  });
  if (value === undefined) return undefined;
  if (!(TIERS as readonly string[]).includes(value)) {
    throw new RangeError(`--tier must be one of ${TIERS.join('|')}, got "${value}"`);
  }
  return value as Tier;
}
