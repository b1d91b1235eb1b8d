/** One capture in the HTML report. */
export interface ReportCapture {
  readonly captureId: string;
  readonly storeId: string;
  readonly aisle: string;
  readonly kind: string;
  readonly channel: string;
  /** Image path relative to the report file. */
  readonly imagePath: string;
  readonly width: number;
  readonly height: number;
  /** Final state from the state tracker, with the DLQ reason when dead-lettered. */
  readonly state: string;
  /** The current score (the latest: a re-score by a better tier replaces the first). */
  readonly score: number | null;
  readonly tier: string | null;
  /** Earlier scores a re-score replaced (shelfstream.superseded_results), newest first; empty when not re-scored. */
  readonly superseded: readonly SupersededScore[];
  readonly quality: string | null;
  readonly boxes: readonly { x1: number; y1: number; x2: number; y2: number; label: string }[];
  readonly outOfStock: readonly string[];
  readonly misplaced: readonly string[];
}

/** An earlier score of a capture, replaced by a re-score by a better tier. */
export interface SupersededScore {
  readonly tier: string;
  readonly score: number;
}

/**
 * The scores a re-score replaced, for the card's score line `by REMOTE score 92.5% (supersedes EDGE 71.0%)`:
 * `supersedes EDGE 71.0%`, or `''` when the capture was not re-scored (pure).
 */
export function formatSupersedes(superseded: readonly SupersededScore[]): string {
  return superseded.length === 0
    ? ''
    : `supersedes ${superseded.map((s) => `${s.tier} ${s.score.toFixed(1)}%`).join(', ')}`;
}

const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

function captureCard(c: ReportCapture): string {
  const boxes = c.boxes
    .map(
      (b) =>
        `<rect x="${b.x1}" y="${b.y1}" width="${Math.max(0, b.x2 - b.x1)}" height="${Math.max(0, b.y2 - b.y1)}"/>` +
        `<text x="${b.x1 + 3}" y="${b.y1 + 16}">${escapeHtml(b.label)}</text>`,
    )
    .join('');
  const findings = [
    c.outOfStock.length ? `<b>OOS:</b> ${escapeHtml(c.outOfStock.join(', '))}` : '',
    c.misplaced.length ? `<b>misplaced:</b> ${escapeHtml(c.misplaced.join(', '))}` : '',
  ]
    .filter(Boolean)
    .join('<br>');
  const score = c.score === null ? '' : ` score <b>${c.score.toFixed(1)}%</b>`;
  const supersedes = c.superseded.length === 0 ? '' : ` (${escapeHtml(formatSupersedes(c.superseded))})`;
  return `<figure class="${c.state.startsWith('SCORED') ? 'ok' : 'other'}">
<svg viewBox="0 0 ${c.width} ${c.height}"><image href="${escapeHtml(c.imagePath)}" width="${c.width}" height="${c.height}"/>${boxes}</svg>
<figcaption><code>${escapeHtml(c.captureId.slice(0, 12))}</code> ${escapeHtml(c.storeId)} ${escapeHtml(c.aisle)} [${escapeHtml(c.kind)}, ${escapeHtml(c.channel)}]<br>
${escapeHtml(c.state)}${c.tier ? ` by ${escapeHtml(c.tier)}` : ''}${c.quality === 'DEGRADED' ? ' (DEGRADED)' : ''}${score}${supersedes}<br>${findings}</figcaption></figure>`;
}

/** The self-contained HTML page (images referenced by relative path) of a demo run. */
export function renderHtmlReport(title: string, summary: string, captures: readonly ReportCapture[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>
body{font-family:sans-serif;margin:1em}pre{background:#f4f4f4;padding:.5em}
main{display:grid;grid-template-columns:repeat(auto-fill,minmax(420px,1fr));gap:12px}
figure{margin:0;border:2px solid #ccc;padding:4px}figure.ok{border-color:#3a3}figure.other{border-color:#c63}
svg{width:100%;height:auto}rect{fill:none;stroke:#ff0;stroke-width:3}text{fill:#ff0;font-size:14px;paint-order:stroke;stroke:#000;stroke-width:3}
figcaption{font-size:12px}</style></head><body><h1>${escapeHtml(title)}</h1><pre>${escapeHtml(summary)}</pre>
<main>${captures.map(captureCard).join('\n')}</main></body></html>\n`;
}
