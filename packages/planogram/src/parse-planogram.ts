import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Planogram } from './planogram.js';
import { planogramSchema } from './planogram-schema.js';
import type { PlanogramReasonCode } from './reasons.js';

/** Result of {@link parsePlanogram}: the planogram, or every problem found, each `pointer: message`. */
export type ParsePlanogramResult =
  | { readonly ok: true; readonly planogram: Planogram }
  | { readonly ok: false; readonly code: PlanogramReasonCode; readonly errors: readonly string[] };

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (compiled === undefined) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    // ajv-formats is CommonJS; under NodeNext its default import is the module object.
    addFormats.default(ajv, ['uri-reference']);
    compiled = ajv.compile(planogramSchema);
  }
  return compiled;
}

/** Escapes one JSON pointer segment (RFC 6901). */
function segment(key: unknown): string {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** One ajv error as `"<JSON pointer>: <message>"`, or undefined for a summary already said by others. */
function describe(error: ErrorObject): string | undefined {
  const params = error.params as Record<string, unknown>;
  const at = error.instancePath === '' ? '/' : error.instancePath;
  switch (error.keyword) {
    case 'required':
      return `${error.instancePath}/${segment(params['missingProperty'])}: is required`;
    case 'additionalProperties':
      return `${error.instancePath}/${segment(params['additionalProperty'])}: is not allowed here`;
    case 'enum':
      return `${at}: ${error.message} (${(params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')})`;
    case 'propertyNames':
      // ajv also reports each failing key name separately, with `propertyName` set.
      return undefined;
  }
  if (error.propertyName !== undefined) {
    return `${error.instancePath}/${segment(error.propertyName)}: key ${error.message}`;
  }
  return `${at}: ${error.message ?? error.keyword}`;
}

/**
 * Validates a planogram against planogram.schema.json. Accepts JSON text or an already-parsed
 * value. Never throws for bad input: problems come back as readable `"<JSON pointer>: <message>"`
 * strings with a reason code.
 *
 * @example
 * const r = parsePlanogram(text);
 * if (!r.ok) console.error(r.code, r.errors.join('\n'));
 */
export function parsePlanogram(input: unknown): ParsePlanogramResult {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (err) {
      return { ok: false, code: 'PLANOGRAM_JSON_MALFORMED', errors: [`/: ${(err as Error).message}`] };
    }
  }
  const validate = validator();
  if (!validate(value)) {
    const described = (validate.errors ?? []).map(describe).filter((e): e is string => e !== undefined);
    const errors = [...new Set(described)];
    return { ok: false, code: 'PLANOGRAM_SCHEMA_VIOLATION', errors };
  }
  return { ok: true, planogram: structuredClone(value) as Planogram };
}
