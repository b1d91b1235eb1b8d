import sharp from 'sharp';
import type { Packaging, Sku } from '../catalog.js';

/** Height in pixels at which SKU artwork is rendered once, before being resized per facing. */
const BASE_HEIGHT = 240;

function patternDef(p: Packaging): string {
  const fill = `fill="${p.secondary}"`;
  switch (p.pattern) {
    case 'stripes':
      return `<pattern id="pt" width="24" height="24" patternUnits="userSpaceOnUse"><rect width="24" height="9" ${fill}/></pattern>`;
    case 'dots':
      return `<pattern id="pt" width="22" height="22" patternUnits="userSpaceOnUse"><circle cx="11" cy="11" r="5" ${fill}/></pattern>`;
    case 'chevron':
      return `<pattern id="pt" width="30" height="20" patternUnits="userSpaceOnUse"><path d="M0 14 L15 4 L30 14" stroke="${p.secondary}" stroke-width="5" fill="none"/></pattern>`;
    case 'checker':
      return `<pattern id="pt" width="28" height="28" patternUnits="userSpaceOnUse"><rect width="14" height="14" ${fill}/><rect x="14" y="14" width="14" height="14" ${fill}/></pattern>`;
    case 'diagonal':
      return `<pattern id="pt" width="20" height="20" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="7" height="20" ${fill}/></pattern>`;
    case 'waves':
      return `<pattern id="pt" width="40" height="22" patternUnits="userSpaceOnUse"><path d="M0 11 Q10 0 20 11 T40 11" stroke="${p.secondary}" stroke-width="5" fill="none"/></pattern>`;
    case 'band':
      return `<pattern id="pt" width="400" height="${BASE_HEIGHT}" patternUnits="userSpaceOnUse"><rect y="${BASE_HEIGHT * 0.08}" width="400" height="${BASE_HEIGHT * 0.14}" ${fill}/><rect y="${BASE_HEIGHT * 0.8}" width="400" height="${BASE_HEIGHT * 0.1}" ${fill}/></pattern>`;
    default:
      return '<pattern id="pt" width="4" height="4" patternUnits="userSpaceOnUse"></pattern>';
  }
}

/** Outline path of the package silhouette in a `w` x `h` box. */
function silhouette(shape: Packaging['shape'], w: number, h: number): string {
  switch (shape) {
    case 'bottle': {
      const neck = w * 0.36;
      const nx = (w - neck) / 2;
      return `M${nx} ${h * 0.08} L${nx} ${h * 0.2} Q0 ${h * 0.27} 0 ${h * 0.36} L0 ${h - 6} Q0 ${h} 6 ${h} L${w - 6} ${h} Q${w} ${h} ${w} ${h - 6} L${w} ${h * 0.36} Q${w} ${h * 0.27} ${w - nx} ${h * 0.2} L${w - nx} ${h * 0.08} Z`;
    }
    case 'can':
      return `M0 ${h * 0.04} Q${w / 2} ${-h * 0.02} ${w} ${h * 0.04} L${w} ${h * 0.96} Q${w / 2} ${h * 1.02} 0 ${h * 0.96} Z`;
    case 'bag':
      return `M${w * 0.04} 0 L${w * 0.96} 0 L${w * 0.92} ${h * 0.08} Q${w * 1.02} ${h * 0.5} ${w * 0.92} ${h * 0.92} L${w * 0.96} ${h} L${w * 0.04} ${h} L${w * 0.08} ${h * 0.92} Q${-w * 0.02} ${h * 0.5} ${w * 0.08} ${h * 0.08} Z`;
    case 'jar':
      return `M${w * 0.08} ${h * 0.16} L${w * 0.92} ${h * 0.16} Q${w} ${h * 0.2} ${w} ${h * 0.3} L${w} ${h - 8} Q${w} ${h} ${w - 8} ${h} L8 ${h} Q0 ${h} 0 ${h - 8} L0 ${h * 0.3} Q0 ${h * 0.2} ${w * 0.08} ${h * 0.16} Z`;
    case 'tub':
      return `M0 0 L${w} 0 L${w * 0.9} ${h} L${w * 0.1} ${h} Z`;
    case 'carton':
      return `M0 ${h * 0.18} L${w * 0.5} ${h * 0.04} L${w} ${h * 0.18} L${w} ${h} L0 ${h} Z`;
    default:
      return `M0 0 L${w} 0 L${w} ${h} L0 ${h} Z`;
  }
}

/** Cap / lid / rim details drawn over the silhouette. */
function details(shape: Packaging['shape'], p: Packaging, w: number, h: number): string {
  switch (shape) {
    case 'bottle': {
      const neck = w * 0.36;
      return `<rect x="${(w - neck) / 2 - 2}" y="0" width="${neck + 4}" height="${h * 0.09}" rx="3" fill="${p.secondary}" stroke="#222" stroke-width="2"/>`;
    }
    case 'can':
      return `<rect x="0" y="0" width="${w}" height="${h * 0.06}" fill="#b8b8b8"/><rect x="0" y="${h * 0.94}" width="${w}" height="${h * 0.06}" fill="#9a9a9a"/>`;
    case 'jar':
      return `<rect x="${w * 0.06}" y="0" width="${w * 0.88}" height="${h * 0.17}" rx="4" fill="${p.secondary}" stroke="#222" stroke-width="2"/>`;
    case 'tub':
      return `<rect x="0" y="0" width="${w}" height="${h * 0.12}" fill="${p.secondary}"/>`;
    default:
      return '';
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The SVG artwork of a SKU's front face, `BASE_HEIGHT` pixels high. */
export function skuSvg(sku: Sku): string {
  const p = sku.packaging;
  const h = BASE_HEIGHT;
  const w = Math.round(h * p.aspect);
  const path = silhouette(p.shape, w, h);
  const labelY = h * (p.shape === 'tub' ? 0.34 : 0.42);
  const labelH = h * (p.aspect > 1 ? 0.3 : 0.2);
  const textW = w * 0.84;
  const fontSize = Math.min(labelH * 0.72, (textW / Math.max(3, sku.labelText.length)) * 1.6);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
<defs>${patternDef(p)}<clipPath id="cl"><path d="${path}"/></clipPath>
<linearGradient id="sh" x1="0" x2="1" y1="0" y2="0"><stop offset="0" stop-color="#000" stop-opacity="0.25"/><stop offset="0.3" stop-color="#fff" stop-opacity="0.12"/><stop offset="1" stop-color="#000" stop-opacity="0.3"/></linearGradient></defs>
<g clip-path="url(#cl)"><rect width="${w}" height="${h}" fill="${p.primary}"/><rect width="${w}" height="${h}" fill="url(#pt)"/>
<rect x="0" y="${labelY}" width="${w}" height="${labelH}" fill="${p.labelColor}"/>
<text x="${w / 2}" y="${labelY + labelH * 0.72}" font-family="DejaVu Sans" font-weight="bold" font-size="${fontSize}" fill="${p.textColor}" text-anchor="middle" textLength="${textW}" lengthAdjust="spacingAndGlyphs">${escapeXml(sku.labelText)}</text>
<text x="${w / 2}" y="${labelY + labelH + h * 0.09}" font-family="DejaVu Sans" font-size="${h * 0.06}" fill="${p.textColor}" stroke="${p.labelColor}" stroke-width="0.5" text-anchor="middle">${escapeXml(sku.size)}</text>
<rect width="${w}" height="${h}" fill="url(#sh)"/></g>
${details(p.shape, p, w, h)}<path d="${path}" fill="none" stroke="#1a1a1a" stroke-opacity="0.6" stroke-width="2"/>
</svg>`;
}

/** A rendered RGBA tile ready for `sharp.composite`. */
export interface Tile {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * Renders SKU artwork once per SKU and resizes it per facing size. The cache keeps pre-rendered artwork so a
 * scene is a single composite of many small resizes, not many SVG renders.
 */
export class SkuTileCache {
  private readonly base = new Map<string, Promise<Buffer>>();
  private readonly sized = new Map<string, Promise<Tile>>();

  /** RGBA tile of `sku` at exactly `width` x `height` pixels. */
  tile(sku: Sku, width: number, height: number): Promise<Tile> {
    const key = `${sku.id}|${width}|${height}`;
    let hit = this.sized.get(key);
    if (!hit) {
      hit = this.render(sku, width, height);
      if (this.sized.size > 4000) this.sized.clear();
      this.sized.set(key, hit);
    }
    return hit;
  }

  private async render(sku: Sku, width: number, height: number): Promise<Tile> {
    let art = this.base.get(sku.id);
    if (!art) {
      art = sharp(Buffer.from(skuSvg(sku)))
        .png()
        .toBuffer();
      this.base.set(sku.id, art);
    }
    const data = await sharp(await art)
      .resize(width, height, { fit: 'fill' })
      .ensureAlpha()
      .raw()
      .toBuffer();
    return { data, width, height };
  }
}
