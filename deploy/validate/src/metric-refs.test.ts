import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { explainUnknown, extractMetricNames, parseExportedMetrics } from './metric-refs.js';

describe('extractMetricNames', () => {
  it('finds the histogram series inside histogram_quantile with grouping and a Grafana interval', () => {
    const expr =
      'histogram_quantile(0.99, sum by (tier, le) (rate(shelfstream_inference_latency_seconds_bucket{tier=~"$tier"}[$__rate_interval])))';
    assert.deepEqual(extractMetricNames(expr), ['shelfstream_inference_latency_seconds_bucket']);
  });

  it('ignores label names in matchers, by/on clauses and label_replace arguments', () => {
    const expr =
      'label_replace(sum by (from_tier) (rate(shelfstream_inference_fallback_total{reason="breaker_open"}[5m])), "tier", "$1", "from_tier", "(.+)") / on (tier) group_left shelfstream:x:rate5m';
    assert.deepEqual(extractMetricNames(expr), [
      'shelfstream:x:rate5m',
      'shelfstream_inference_fallback_total',
    ]);
  });

  it('reads the metric of a Grafana label_values variable query', () => {
    assert.deepEqual(extractMetricNames('label_values(shelfstream_consumer_lag{group=~"a.*"}, group)'), [
      'shelfstream_consumer_lag',
    ]);
  });

  it('does not take durations, numbers or keywords for metrics', () => {
    assert.deepEqual(extractMetricNames('deriv(a_total[10m]) > 1e3 and b offset 5m'), ['a_total', 'b']);
  });
});

describe('parseExportedMetrics', () => {
  it('reads a plain name-and-type list with comments', () => {
    const m = parseExportedMetrics('# list\nfoo_total counter\nbar_seconds histogram # note\nbaz\n');
    assert.deepEqual(
      [...m],
      [
        ['foo_total', 'counter'],
        ['bar_seconds', 'histogram'],
        ['baz', 'untyped'],
      ],
    );
  });

  it('reads the TYPE lines of a live /metrics scrape', () => {
    const m = parseExportedMetrics('# HELP x help\n# TYPE x_seconds histogram\nx_seconds_bucket{le="1"} 3\n');
    assert.deepEqual([...m], [['x_seconds', 'histogram']]);
  });
});

describe('explainUnknown', () => {
  const exported = parseExportedMetrics('h_seconds histogram\nc_total counter\n');
  it('accepts the _bucket series of an exported histogram and a defined recording rule', () => {
    assert.equal(explainUnknown('h_seconds_bucket', exported, new Set()), undefined);
    assert.equal(explainUnknown('a:b:rate5m', exported, new Set(['a:b:rate5m'])), undefined);
  });

  it('rejects a misspelt metric, a counter _bucket and an undefined recording rule', () => {
    assert.equal(explainUnknown('c_totl', exported, new Set()), 'not exported by any service');
    assert.equal(
      explainUnknown('c_total_bucket', exported, new Set()),
      'c_total is a counter, it has no _bucket series',
    );
    assert.equal(explainUnknown('a:b:rate5m', exported, new Set()), 'no recording rule defines it');
  });
});
