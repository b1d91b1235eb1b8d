/**
 * Metric names referenced by PromQL expressions, and their comparison with what services export.
 * Pure functions: no file access.
 */

/** PromQL words that are not metric names: functions, aggregations, keywords, binary operators. */
const PROMQL_WORDS = new Set([
  'abs',
  'absent',
  'absent_over_time',
  'acos',
  'acosh',
  'and',
  'asin',
  'asinh',
  'atan',
  'atanh',
  'avg',
  'avg_over_time',
  'bool',
  'bottomk',
  'by',
  'ceil',
  'changes',
  'clamp',
  'clamp_max',
  'clamp_min',
  'cos',
  'cosh',
  'count',
  'count_over_time',
  'count_values',
  'day_of_month',
  'day_of_week',
  'day_of_year',
  'days_in_month',
  'deg',
  'delta',
  'deriv',
  'exp',
  'floor',
  'group',
  'group_left',
  'group_right',
  'histogram_avg',
  'histogram_count',
  'histogram_fraction',
  'histogram_quantile',
  'histogram_stddev',
  'histogram_stdvar',
  'histogram_sum',
  'holt_winters',
  'hour',
  'idelta',
  'ignoring',
  'increase',
  'inf',
  'irate',
  'label_join',
  'label_replace',
  'last_over_time',
  'limitk',
  'limit_ratio',
  'ln',
  'log10',
  'log2',
  'mad_over_time',
  'max',
  'max_over_time',
  'min',
  'min_over_time',
  'minute',
  'month',
  'nan',
  'offset',
  'on',
  'or',
  'pi',
  'predict_linear',
  'present_over_time',
  'quantile',
  'quantile_over_time',
  'rad',
  'rate',
  'resets',
  'round',
  'scalar',
  'sgn',
  'sin',
  'sinh',
  'sort',
  'sort_by_label',
  'sort_by_label_desc',
  'sort_desc',
  'sqrt',
  'start',
  'end',
  'stddev',
  'stddev_over_time',
  'stdvar',
  'stdvar_over_time',
  'sum',
  'sum_over_time',
  'tan',
  'tanh',
  'time',
  'timestamp',
  'topk',
  'unless',
  'vector',
  'without',
  'year',
  'label_values',
  'label_names',
  'metrics',
  'query_result',
]);

/**
 * Metric names an expression selects. Handles Grafana variables ($__rate_interval, ${x}), strings,
 * label matchers, grouping clauses (by/without/on/ignoring/group_left/right), ranges and durations.
 */
export function extractMetricNames(expr: string): string[] {
  const cleaned = expr
    // Grafana's label_values(metric, label): the second argument is a label, not a metric
    .replace(/label_values\(\s*([^,]*?)\s*,\s*[a-zA-Z_]\w*\s*\)/g, ' $1 ')
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\$\{[^}]*\}|\$\w+/g, '1')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/#.*$/gm, ' ');
  const names = new Set<string>();
  for (const match of cleaned.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)) {
    const word = match[0];
    const before = cleaned.slice(0, match.index);
    if (/[0-9.]$/.test(before)) continue; // the "m" of 5m, the "e" of 1e3
    if (PROMQL_WORDS.has(word.toLowerCase())) continue;
    if (/^\s*\(/.test(cleaned.slice((match.index ?? 0) + word.length))) continue; // unknown function call
    names.add(word);
  }
  return [...names].sort();
}

/** Type of an exported metric, as prom-client declares it. */
export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

/**
 * Parses the list of exported metrics. Accepts either lines of `name [type]` (comments with #) or a
 * Prometheus text exposition (a live /metrics scrape), read from its `# TYPE` lines.
 */
export function parseExportedMetrics(text: string): Map<string, MetricType> {
  const out = new Map<string, MetricType>();
  const typeLines = [...text.matchAll(/^# TYPE (\S+) (\S+)/gm)];
  if (typeLines.length > 0) {
    for (const [, name, type] of typeLines) out.set(name as string, type as MetricType);
    return out;
  }
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const [name, type = 'untyped'] = line.split(/\s+/);
    out.set(name as string, type as MetricType);
  }
  return out;
}

/** Series Prometheus itself adds to every scrape: never exported by a service. */
const SYNTHETIC = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_series_added']);

/**
 * Why a referenced name is unknown, or undefined when it is fine: exported as is, a histogram's or
 * summary's _bucket/_sum/_count series, a recording rule defined alongside, or a Prometheus-made series.
 */
export function explainUnknown(
  name: string,
  exported: ReadonlyMap<string, MetricType>,
  recorded: ReadonlySet<string>,
): string | undefined {
  if (exported.has(name) || recorded.has(name) || SYNTHETIC.has(name)) return undefined;
  const suffix = /^(.*)_(bucket|sum|count)$/.exec(name);
  if (suffix) {
    const type = exported.get(suffix[1] as string);
    if (type === 'histogram' || (type === 'summary' && suffix[2] !== 'bucket')) return undefined;
    if (type) return `${suffix[1]} is a ${type}, it has no _${suffix[2]} series`;
  }
  if (name.includes(':')) return 'no recording rule defines it';
  return 'not exported by any service';
}
