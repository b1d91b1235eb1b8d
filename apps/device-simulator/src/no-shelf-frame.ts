import sharp from 'sharp';

/** The kinds of photo with no shelf in it that {@link renderNoShelfFrame} draws, picked by seed. */
export const NO_SHELF_VARIANTS = ['plain-colour', 'lens-cap', 'blurred-flat', 'ceiling', 'wall'] as const;

/** One of {@link NO_SHELF_VARIANTS}. */
export type NoShelfVariant = (typeof NO_SHELF_VARIANTS)[number];

/** The variant a seed draws (the seed's remainder: every variant comes up in a run of five seeds). */
export function noShelfVariant(seed: number): NoShelfVariant {
  return NO_SHELF_VARIANTS[Math.abs(seed) % NO_SHELF_VARIANTS.length] as NoShelfVariant;
}

/**
 * A JPEG of a photo with no shelf in it, as devices send by mistake: a plain colour, a lens-cap-dark frame with
 * sensor noise, a shelf photo blurred flat (`scene`), a ceiling light's smooth gradient, a textured wall. These must
 * end UNSCORABLE, never with a score of 0 ("everything out of stock").
 */
export async function renderNoShelfFrame(
  seed: number,
  scene: Buffer,
  size: { readonly width: number; readonly height: number },
): Promise<Buffer> {
  const { width, height } = size;
  const hue = (n: number) => (Math.abs(seed * 37 + n * 101) % 200) + 30;
  let image: sharp.Sharp;
  switch (noShelfVariant(seed)) {
    case 'plain-colour':
      image = sharp({
        create: { width, height, channels: 3, background: { r: hue(1), g: hue(2), b: hue(3) } },
      });
      break;
    case 'lens-cap':
      image = sensorNoise(size, 10, 4);
      break;
    case 'blurred-flat':
      // A sigma of ~3 % of the width: products and shelf edges smear into a smooth field.
      image = sharp(scene)
        .resize(width, height, { fit: 'fill' })
        .blur(Math.max(8, width * 0.03));
      break;
    case 'ceiling':
      image = sharp(
        Buffer.from(
          `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
            '<defs><radialGradient id="g" cx="0.5" cy="0.35" r="0.8">' +
            '<stop offset="0" stop-color="#fbfaf2"/><stop offset="1" stop-color="#6d6a62"/>' +
            `</radialGradient></defs><rect width="${width}" height="${height}" fill="url(#g)"/></svg>`,
        ),
      );
      break;
    case 'wall':
      image = sensorNoise(size, 150, 18);
      break;
  }
  return image.removeAlpha().jpeg({ quality: 85 }).toBuffer();
}

/** A grey frame of Gaussian noise: `mean` its brightness, `sigma` its grain (a dark sensor, plaster). */
function sensorNoise(size: { readonly width: number; readonly height: number }, mean: number, sigma: number) {
  return sharp({
    create: { ...size, channels: 3, background: '#000', noise: { type: 'gaussian', mean, sigma } },
  });
}
