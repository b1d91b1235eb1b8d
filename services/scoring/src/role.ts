/** The two roles of the scoring package, each its own consumer group. */
export const ScoringRoles = ['scorer', 'state-tracker'] as const;

/** One of {@link ScoringRoles}. */
export type ScoringRole = (typeof ScoringRoles)[number];

/**
 * Reads `--role <role>` or `--role=<role>` from the command line; `scorer` when absent.
 *
 * @throws Error naming the allowed roles when the value is not one.
 */
export function parseRole(argv: readonly string[]): ScoringRole {
  let value: string | undefined;
  let named = false;
  argv.forEach((arg, i) => {
    if (arg === '--role') {
      named = true;
      value = argv[i + 1];
    } else if (arg.startsWith('--role=')) {
      named = true;
      value = arg.slice('--role='.length);
    }
  });
  if (!named) return 'scorer';
  if (value !== undefined && (ScoringRoles as readonly string[]).includes(value)) return value as ScoringRole;
  throw new Error(`--role must be one of ${ScoringRoles.join(', ')}, got "${value}"`);
}
