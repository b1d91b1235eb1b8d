import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';

/** Route (fixture type), lowercase -> absolute model path; look routes up with {@link modelForRoute}. */
export type RoutingTable = ReadonlyMap<string, string>;

/**
 * Reads the routing table: a JSON object mapping a route (GONDOLA, ENDCAP, FREEZER, ...) to an ONNX file; relative
 * paths are relative to the table's folder. Routes are matched without regard to case: the bundled table names
 * the fixture types (`GONDOLA`) while preprocessing writes lowercase routes (`gondola`), and an exact lookup sent
 * every mesh capture past the edge tier as INFERENCE_UNKNOWN_ROUTE. Throws a TypeError when the file is not such an
 * object or names a route twice.
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
    const key = route.toLowerCase();
    if (table.has(key)) throw new TypeError(`${file}: route ${route} is listed twice (routes ignore case)`);
    table.set(key, isAbsolute(model) ? model : resolve(dirname(file), model));
  }
  return table;
}

/** The model file of a route, whatever its case, or undefined. */
export function modelForRoute(table: RoutingTable, route: string): string | undefined {
  return table.get(route.toLowerCase());
}
