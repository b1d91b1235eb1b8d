import type { Prng } from '../prng.js';
import type { ScenePlan } from './scene-plan.js';

/** Variation switches for {@link overlaySvg}. */
export interface OverlayOptions {
  occlusion: boolean;
  glare: boolean;
  lightingGradient: boolean;
}

/**
 * What lies in front of the products: freezer glass and door frames, occluders (hands, promo wobblers,
 * hanging signs), glare spots and uneven lighting, as one SVG at scene size.
 */
export function overlaySvg(plan: ScenePlan, prng: Prng, options: OverlayOptions): string {
  const { width: W, height: H, x0, x1, y0, y1 } = plan;
  const defs: string[] = [];
  const parts: string[] = [];
  if (plan.fixture === 'FREEZER') {
    parts.push(
      `<rect x="${x0}" y="${y0}" width="${x1 - x0}" height="${y1 - y0}" fill="#cfeaff" fill-opacity="${prng.range(0.08, 0.2).toFixed(3)}"/>`,
    );
    const doors = prng.int(2, 4);
    const bar = Math.max(4, Math.round(W * 0.008));
    for (let d = 1; d < doors; d++) {
      const x = x0 + ((x1 - x0) * d) / doors;
      parts.push(`<rect x="${x - bar / 2}" y="${y0}" width="${bar}" height="${y1 - y0}" fill="#2b2f36"/>`);
    }
    for (let s = 0; s < prng.int(1, 3); s++) {
      const x = prng.range(x0, x1);
      const w = prng.range(20, 80);
      parts.push(
        `<polygon points="${x},${y0} ${x + w},${y0} ${x + w - 120},${y1} ${x - 120},${y1}" fill="#fff" fill-opacity="${prng.range(0.05, 0.14).toFixed(3)}"/>`,
      );
    }
  }
  if (options.occlusion && plan.boxes.length > 0) {
    for (let i = 0; i < prng.int(1, 3); i++) {
      const b = prng.pick(plan.boxes);
      const bw = b.x2 - b.x1;
      const bh = b.y2 - b.y1;
      const kind = prng.int(0, 2);
      if (kind === 0) {
        // A hand / arm reaching in from below: covers the lower part of a facing.
        const w = bw * prng.range(0.35, 0.6);
        const x = b.x1 + prng.range(0, bw - w);
        const y = b.y2 - bh * prng.range(0.2, 0.35);
        parts.push(
          `<rect x="${x}" y="${y}" width="${w}" height="${H - y}" rx="${w / 2}" fill="rgb(${prng.int(150, 230)},${prng.int(110, 170)},${prng.int(80, 140)})"/>`,
        );
      } else if (kind === 1) {
        // Shelf wobbler: a small promo card on a stalk in front of a facing.
        const r = Math.min(bw, bh) * prng.range(0.25, 0.4);
        const cx = prng.range(b.x1, b.x2);
        const cy = b.y2 - r;
        parts.push(
          `<line x1="${cx}" y1="${cy}" x2="${cx}" y2="${b.y2 + 6}" stroke="#444" stroke-width="2"/>`,
          `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${prng.pick(['#ff006e', '#ffbe0b', '#3a86ff'])}"/>`,
        );
      } else {
        // Hanging sign covering the top of a facing.
        const w = bw * prng.range(0.6, 1.3);
        const h = bh * prng.range(0.15, 0.3);
        const x = b.x1 + (bw - w) / 2;
        parts.push(
          `<line x1="${x + w / 2}" y1="0" x2="${x + w / 2}" y2="${b.y1}" stroke="#666" stroke-width="1"/>`,
          `<rect x="${x}" y="${b.y1 - h * 0.3}" width="${w}" height="${h}" fill="${prng.pick(['#ffffff', '#ffd60a', '#e63946'])}" stroke="#333"/>`,
        );
      }
    }
  }
  if (options.glare) {
    defs.push(
      '<radialGradient id="gl"><stop offset="0" stop-color="#fff" stop-opacity="0.9"/><stop offset="0.5" stop-color="#fff" stop-opacity="0.45"/><stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient>',
    );
    for (let i = 0; i < prng.int(1, 2); i++) {
      const rx = W * prng.range(0.04, 0.12);
      parts.push(
        `<ellipse cx="${prng.range(0, W)}" cy="${prng.range(0, H)}" rx="${rx}" ry="${rx * prng.range(0.4, 1)}" fill="url(#gl)" fill-opacity="${prng.range(0.5, 0.9).toFixed(3)}"/>`,
      );
    }
  }
  if (options.lightingGradient) {
    const dark = prng.range(0.15, 0.4).toFixed(3);
    const vertical = prng.chance(0.5);
    defs.push(
      `<linearGradient id="lg" x1="0" y1="0" x2="${vertical ? 0 : 1}" y2="${vertical ? 1 : 0}"><stop offset="0" stop-color="#000" stop-opacity="${prng.chance(0.5) ? dark : 0}"/><stop offset="1" stop-color="#000" stop-opacity="${prng.chance(0.5) ? 0 : dark}"/></linearGradient>`,
    );
    parts.push(`<rect width="${W}" height="${H}" fill="url(#lg)"/>`);
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><defs>${defs.join('')}</defs>${parts.join('')}</svg>`;
}
