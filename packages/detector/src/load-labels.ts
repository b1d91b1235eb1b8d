import { readFile } from 'node:fs/promises';
import { StageError } from '@shelfstream/errors';
import { DetectorReasons } from './reasons.js';

/** One class of a detector: what its index means. */
export interface ClassLabel {
  index: number;
  /** SKU id. */
  id: string;
  name: string;
  brand: string;
}

/**
 * Parses labels.json: an object mapping class index (as a string) to `{ id, name, brand }`; a plain string
 * value is accepted as the id (Ultralytics `names` style). Indices must run 0..N-1 without holes.
 *
 * Throws a StageError `DETECTOR_LABELS_INVALID` when the shape is wrong.
 */
export function parseLabels(json: unknown): ClassLabel[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw labelsError('labels must be an object');
  const entries = Object.entries(json as Record<string, unknown>);
  const labels = entries.map(([key, value]): ClassLabel => {
    const index = Number(key);
    if (!Number.isInteger(index) || index < 0) throw labelsError(`label key "${key}" is not a class index`);
    if (typeof value === 'string') return { index, id: value, name: value, brand: '' };
    const v = value as { id?: unknown; name?: unknown; brand?: unknown };
    if (typeof v !== 'object' || v === null || typeof v.id !== 'string')
      throw labelsError(`label ${key} needs a string "id"`);
    return {
      index,
      id: v.id,
      name: typeof v.name === 'string' ? v.name : v.id,
      brand: typeof v.brand === 'string' ? v.brand : '',
    };
  });
  labels.sort((a, b) => a.index - b.index);
  labels.forEach((l, i) => {
    if (l.index !== i) throw labelsError(`class indices must run 0..${labels.length - 1}; missing ${i}`);
  });
  if (labels.length === 0) throw labelsError('labels are empty');
  return labels;
}

/** Reads and parses a labels.json file (see {@link parseLabels}). */
export async function loadLabels(file: string): Promise<ClassLabel[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw labelsError(`cannot read ${file}`, cause);
  }
  try {
    return parseLabels(JSON.parse(text));
  } catch (cause) {
    if ((cause as { code?: string }).code === 'DETECTOR_LABELS_INVALID') throw cause;
    throw labelsError(`${file} is not JSON`, cause);
  }
}

function labelsError(message: string, cause?: unknown): StageError {
  return new StageError('DETECTOR_LABELS_INVALID', message, {
    retriable: DetectorReasons.DETECTOR_LABELS_INVALID.retriable,
    cause,
  });
}
