import { ConfigError, type ConfigIssue } from './config-error.js';
import type { ConfigDefinition, ConfigOf } from './define-config.js';
import { redactConfigValue } from './redact.js';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /**
   * Variables starting with one of these prefixes must be known to the definition: a typo such as
   * `INFERENCE_MAX_BACH` is reported instead of silently ignored.
   */
  readonly strictPrefixes?: readonly string[];
}

/**
 * Parses and validates a configuration from the environment, once, at start-up.
 *
 * Empty strings count as unset (so defaults apply). Throws {@link ConfigError} naming every failing variable; the
 * error never carries a credential (see {@link redactConfigValue}).
 */
export function loadConfig<D extends ConfigDefinition>(
  definition: D,
  env: Readonly<Record<string, string | undefined>> = process.env,
  options: LoadConfigOptions = {},
): ConfigOf<D> {
  const issues: ConfigIssue[] = [];
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(definition)) {
    const raw = env[field.env];
    const parsed = field.schema.safeParse(raw === '' ? undefined : raw);
    if (parsed.success) {
      result[key] = parsed.data;
    } else {
      const message = parsed.error.issues.map((i) => i.message).join('; ');
      issues.push({ variable: field.env, message: `${message} (got ${redactConfigValue(field.env, raw)})` });
    }
  }
  const known = new Set(Object.values(definition).map((f) => f.env));
  for (const prefix of options.strictPrefixes ?? []) {
    for (const name of Object.keys(env)) {
      if (name.startsWith(prefix) && !known.has(name)) {
        issues.push({ variable: name, message: `unknown variable (known: ${[...known].sort().join(', ')})` });
      }
    }
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return Object.freeze(result) as ConfigOf<D>;
}
