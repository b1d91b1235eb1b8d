import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatSupersedes, type ReportCapture, renderHtmlReport } from './html-report.js';

const capture: ReportCapture = {
  captureId: 'abc123def4567890',
  storeId: 'store-001',
  aisle: 'A01',
  kind: 'ok',
  channel: 'kafka',
  imagePath: 'images/abc.jpg',
  width: 1280,
  height: 960,
  state: 'SCORED',
  score: 87.5,
  tier: 'EDGE',
  superseded: [],
  quality: 'OK',
  boxes: [{ x1: 10, y1: 20, x2: 110, y2: 220, label: 'FIZZ-COLA<330>' }],
  outOfStock: ['CRUNCH-SALT-150'],
  misplaced: [],
};

test('draws each box with its SKU name and lists the findings, escaping text', () => {
  const html = renderHtmlReport('demo <run>', 'summary & more', [capture]);
  assert.match(html, /<rect x="10" y="20" width="100" height="200"\/>/);
  assert.match(html, /FIZZ-COLA&lt;330&gt;/);
  assert.match(html, /OOS:<\/b> CRUNCH-SALT-150/);
  assert.match(html, /score <b>87\.5%<\/b>/);
  assert.match(html, /demo &lt;run&gt;/);
  assert.match(html, /summary &amp; more/);
  assert.doesNotMatch(html, /misplaced:/);
  assert.doesNotMatch(html, /supersedes/);
});

test('a re-scored capture shows its score by the better tier and the score it replaced', () => {
  const html = renderHtmlReport('demo', '', [
    { ...capture, tier: 'REMOTE', score: 92.5, superseded: [{ tier: 'EDGE', score: 71 }] },
  ]);
  assert.match(html, /SCORED by REMOTE score <b>92\.5%<\/b> \(supersedes EDGE 71\.0%\)/);
  assert.equal(formatSupersedes([]), '');
  assert.equal(
    formatSupersedes([
      { tier: 'EDGE', score: 71.04 },
      { tier: 'HEURISTIC', score: 40 },
    ]),
    'supersedes EDGE 71.0%, HEURISTIC 40.0%',
  );
});
