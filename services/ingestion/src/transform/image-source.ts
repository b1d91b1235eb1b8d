import { checkImageUri, type ImageLocation, type UriRules } from './uri-rules.js';
import { pass, refuse, type Verdict } from './verdict.js';

/** Where a capture's image is: inline bytes, or a location to fetch. */
export type ImageSource =
  | { readonly kind: 'inline'; readonly bytes: Buffer }
  | { readonly kind: 'uri'; readonly location: ImageLocation };

/**
 * Decides where the image comes from: exactly one of `image_bytes` (up to `maxImageBytes`) and `image_uri` (passing
 * the URI rules) must be given.
 */
export function imageSourceOf(
  value: { readonly image_bytes?: Buffer | null; readonly image_uri?: string | null },
  maxImageBytes: number,
  rules: UriRules,
): Verdict<ImageSource> {
  const bytes = value.image_bytes ?? null;
  const uri = value.image_uri ?? null;
  if (bytes !== null && uri !== null)
    return refuse('INGEST_IMAGE_AMBIGUOUS', 'both image_bytes and image_uri are set');
  if (bytes !== null) {
    if (bytes.length > maxImageBytes) {
      return refuse('INGEST_IMAGE_TOO_LARGE', `image of ${bytes.length} bytes is over ${maxImageBytes}`);
    }
    return pass({ kind: 'inline', bytes });
  }
  if (uri === null || uri.trim() === '')
    return refuse('INGEST_IMAGE_MISSING', 'neither image_bytes nor image_uri is set');
  const location = checkImageUri(uri, rules);
  return location.ok ? pass({ kind: 'uri', location: location.value }) : location;
}
