/** An 8-bit luma image, row-major, with an optional chroma plane for colour changes of equal luma. */
export interface GreyImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  /** (R - B) / 2 + 128 per pixel: tells a blue pack from a grey back of the same luma. */
  readonly chroma?: Uint8Array;
}

/** Converts interleaved RGB(A) bytes to luma (BT.601 integer weights) plus a red-blue chroma plane. */
export function toGrey(rgb: Uint8Array, width: number, height: number, channels: number): GreyImage {
  const data = new Uint8Array(width * height);
  const chroma = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < data.length; i++, p += channels) {
    const r = rgb[p] as number;
    const g = rgb[p + 1] as number;
    const b = rgb[p + 2] as number;
    data[i] = (r * 77 + g * 150 + b * 29) >> 8;
    chroma[i] = ((r - b) >> 1) + 128;
  }
  return { data, width, height, chroma };
}
