import type { Prng } from '../prng.js';
import { lipYAt, type ScenePlan } from './scene-plan.js';

const PROMOS = ['SPECIAL OFFER', '2 FOR 1', 'NEW!', 'SAVE 20%', 'SUMMER DEALS', 'BEST PRICE'];

/** The fixture behind the products (wall, back panel, shelf lips, endcap header), as one SVG. */
export function backgroundSvg(plan: ScenePlan, prng: Prng): string {
  const { width: W, height: H, x0, x1, y0, y1 } = plan;
  const wallTone = prng.int(150, 225);
  const wall = `rgb(${wallTone},${wallTone - prng.int(0, 20)},${wallTone - prng.int(0, 35)})`;
  const parts: string[] = [`<rect width="${W}" height="${H}" fill="${wall}"/>`];
  parts.push(`<rect x="0" y="${y1}" width="${W}" height="${H - y1}" fill="rgb(120,115,105)"/>`);
  const back =
    plan.fixture === 'FREEZER'
      ? `rgb(${prng.int(200, 235)},${prng.int(215, 240)},${prng.int(225, 250)})`
      : `rgb(${prng.int(60, 200)},${prng.int(60, 200)},${prng.int(60, 200)})`;
  const frame = plan.fixture === 'FREEZER' ? '#2b2f36' : '#4a4d52';
  parts.push(
    `<rect x="${x0 - 6}" y="${y0 - 6}" width="${x1 - x0 + 12}" height="${y1 - y0 + 6}" fill="${frame}"/>`,
  );
  parts.push(`<rect x="${x0}" y="${y0}" width="${x1 - x0}" height="${y1 - y0}" fill="${back}"/>`);
  if (plan.fixture === 'GONDOLA') {
    parts.push(
      `<defs><pattern id="peg" width="18" height="18" patternUnits="userSpaceOnUse"><circle cx="9" cy="9" r="2" fill="#000" fill-opacity="0.25"/></pattern></defs>`,
      `<rect x="${x0}" y="${y0}" width="${x1 - x0}" height="${y1 - y0}" fill="url(#peg)"/>`,
    );
  }
  if (plan.headerHeight > 0) {
    const text = prng.pick(PROMOS);
    const hh = plan.headerHeight;
    parts.push(
      `<rect x="${x0}" y="${y0}" width="${x1 - x0}" height="${hh}" fill="${prng.pick(['#d62828', '#003f88', '#ffb703', '#2a9d8f'])}"/>`,
      `<text x="${(x0 + x1) / 2}" y="${y0 + hh * 0.7}" font-family="DejaVu Sans" font-weight="bold" font-size="${hh * 0.55}" fill="#fff" text-anchor="middle">${text}</text>`,
    );
  }
  const lipColor = prng.pick(['#d9d9d9', '#bfc3c7', '#f2f2f2', '#8d939a']);
  for (const shelf of plan.shelves) {
    const ya = lipYAt(plan, shelf, x0);
    const yb = lipYAt(plan, shelf, x1);
    const t = shelf.lipHeight;
    parts.push(
      `<polygon points="${x0},${ya} ${x1},${yb} ${x1},${yb + t} ${x0},${ya + t}" fill="${lipColor}" stroke="#555" stroke-width="1"/>`,
    );
    // Price tags along the shelf edge.
    for (let x = x0 + prng.int(10, 60); x < x1 - 40; x += prng.int(90, 220)) {
      const y = lipYAt(plan, shelf, x) + t * 0.18;
      parts.push(
        `<rect x="${x}" y="${y}" width="${Math.max(14, t * 2.4)}" height="${t * 0.64}" fill="${prng.pick(['#fff', '#ffe45c'])}" stroke="#333" stroke-width="0.5"/>`,
      );
    }
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${parts.join('')}</svg>`;
}
