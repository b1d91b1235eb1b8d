import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** The image types the gateway accepts, by file extension. */
export const IMAGE_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.png': 'image/png',
  '.webp': 'image/webp',
};

/** The MIME type of an image file by extension, or undefined for a file `submit` does not send. */
export function imageContentType(path: string): string | undefined {
  return IMAGE_CONTENT_TYPES[extname(path).toLowerCase()];
}

/**
 * Expands the `submit` arguments into image files: a directory contributes its JPEG/PNG/WebP files (recursively,
 * sorted), a file is taken as given when its extension is an image's. Throws when a path does not exist; returns
 * the skipped non-image files separately so the command can say what it ignored.
 */
export async function collectImageFiles(
  paths: readonly string[],
): Promise<{ files: string[]; skipped: string[] }> {
  const files: string[] = [];
  const skipped: string[] = [];
  const visit = async (path: string): Promise<void> => {
    const info = await stat(path);
    if (info.isDirectory()) {
      const entries = (await readdir(path)).sort();
      for (const entry of entries) await visit(join(path, entry));
    } else if (imageContentType(path)) {
      files.push(path);
    } else {
      skipped.push(path);
    }
  };
  for (const path of paths) await visit(path);
  return { files: [...new Set(files)], skipped };
}
