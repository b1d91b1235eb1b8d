import type { ConfigDefinition } from './define-config.js';

/** One row of a configuration table: variable, default (as the env string would read), description. */
export interface ConfigRow {
  readonly variable: string;
  readonly defaultValue: string;
  readonly doc: string;
  readonly required: boolean;
}

/** Lists a definition as rows, for `--help` output and the README's configuration tables. */
export function describeConfig(definition: ConfigDefinition): ConfigRow[] {
  return Object.values(definition).map((field) => {
    const parsed = field.schema.safeParse(undefined);
    return {
      variable: field.env,
      defaultValue: parsed.success ? formatDefault(parsed.data) : '',
      doc: field.doc,
      required: !parsed.success,
    };
  });
}

/** Renders rows as a Markdown table. */
export function configTableMarkdown(definition: ConfigDefinition): string {
  const rows = describeConfig(definition);
  return [
    '| variable | default | meaning |',
    '|---|---|---|',
    ...rows.map(
      (r) =>
        `| \`${r.variable}\` | ${r.required ? '(required)' : r.defaultValue === '' ? '' : `\`${r.defaultValue}\``} | ${r.doc} |`,
    ),
  ].join('\n');
}

function formatDefault(value: unknown): string {
  if (value === undefined) return '';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}
