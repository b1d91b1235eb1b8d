import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';

/** Route (fixture type) -> absolute model path. */
export type RoutingTable = ReadonlyMap<string, string>;

/**
 * Reads the routing table: a JSON object mapping a route (GONDOLA, ENDCAP, FREEZER, ...) to an ONNX file; relative
 * paths are relative to the table's folder. Throws a TypeError when the file is not such an object.
 */
export async function loadRoutingTable(file: string): Promise<RoutingTable> {
  const json = JSON.parse(await readFile(file, 'utf8')) as unknown;
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new TypeError(`${file}: routing table must be an object of route -> model file`);
  }
  const table = new Map<string, string>();
  for (const [route, model] of Object.entries(json)) {
    if (typeof model !== 'string' || model === '')
      throw new TypeError(`${file}: route ${route} needs a model file`);
    table.set(route, isAbsolute(model) ? model : resolve(dirname(file), model));
  }
  return table;
}
