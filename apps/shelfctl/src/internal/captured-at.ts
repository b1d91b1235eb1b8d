import { stat } from 'node:fs/promises';
import exifr from 'exifr';

/** Where a capture's instant came from. */
export type CapturedAtSource = 'flag' | 'exif' | 'mtime';

/**
 * The instant a photo was taken: `--captured-at` when given, else EXIF DateTimeOriginal (or CreateDate), else the
 * file's modification time. EXIF times carry no zone; exifr reads them as local time, which is what a device
 * clock means.
 */
export async function resolveCapturedAt(
  path: string,
  bytes: Uint8Array,
  override?: number,
): Promise<{ capturedAt: number; source: CapturedAtSource }> {
  if (override !== undefined) return { capturedAt: override, source: 'flag' };
  const exif = await exifCapturedAt(bytes);
  if (exif !== undefined) return { capturedAt: exif, source: 'exif' };
  return { capturedAt: Math.floor((await stat(path)).mtimeMs), source: 'mtime' };
}

/** EXIF DateTimeOriginal/CreateDate as epoch ms, or undefined when the file has none (or no readable EXIF). */
export async function exifCapturedAt(bytes: Uint8Array): Promise<number | undefined> {
  try {
    const tags = (await exifr.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      pick: ['DateTimeOriginal', 'CreateDate'],
    })) as { DateTimeOriginal?: unknown; CreateDate?: unknown } | undefined;
    for (const value of [tags?.DateTimeOriginal, tags?.CreateDate]) {
      if (value instanceof Date && !Number.isNaN(value.getTime())) return value.getTime();
    }
  } catch {
    // No EXIF segment, or a format exifr does not read: fall back to the file time.
  }
  return undefined;
}
