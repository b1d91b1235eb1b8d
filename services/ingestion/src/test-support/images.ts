import sharp from 'sharp';

/** Generated test images (tests only): a small gradient in each accepted format. */
export async function sampleImage(format: 'jpeg' | 'png' | 'webp', width = 80, height = 64): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let i = 0; i < raw.length; i += 3) {
    raw[i] = (i / 3) % 256;
    raw[i + 1] = 128;
    raw[i + 2] = 255 - ((i / 3) % 256);
  }
  return sharp(raw, { raw: { width, height, channels: 3 } })
    .toFormat(format)
    .toBuffer();
}

/** A PNG header declaring huge dimensions (a pixel bomb the gate must refuse without decoding). */
export function pngDeclaring(width: number, height: number, real: Buffer): Buffer {
  const copy = Buffer.from(real);
  copy.writeUInt32BE(width, 16);
  copy.writeUInt32BE(height, 20);
  return copy;
}

/** A JPEG whose SOF declares other dimensions. */
export function jpegDeclaring(width: number, height: number, real: Buffer): Buffer {
  const copy = Buffer.from(real);
  let offset = 2;
  while (offset < copy.length) {
    const marker = copy[offset + 1] as number;
    const length = copy.readUInt16BE(offset + 2);
    if (marker >= 0xc0 && marker <= 0xc3) {
      copy.writeUInt16BE(height, offset + 5);
      copy.writeUInt16BE(width, offset + 7);
      return copy;
    }
    offset += 2 + length;
  }
  throw new Error('no SOF');
}

/** What a phone's motion photo appends after the JPEG's EOI: the start of an MP4 (an ftyp box) and its data. */
export function motionPhotoTrailer(bytes = 4096): Buffer {
  return Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypmp42'), Buffer.alloc(bytes, 7)]);
}
