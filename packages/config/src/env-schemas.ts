import { z } from 'zod';

/** A positive or zero integer from an env string, e.g. `PORT=8080`. */
export function envInt(options: { min?: number; max?: number } = {}) {
  let schema = z.coerce.number().int('must be an integer');
  if (options.min !== undefined) schema = schema.min(options.min, `must be >= ${options.min}`);
  if (options.max !== undefined) schema = schema.max(options.max, `must be <= ${options.max}`);
  return schema;
}

/** A number from an env string, e.g. `THRESHOLD=0.25`. */
export function envNumber(options: { min?: number; max?: number } = {}) {
  let schema = z.coerce
    .number({ error: 'must be a number' })
    .refine(Number.isFinite, 'must be a finite number');
  if (options.min !== undefined)
    schema = schema.refine((v) => v >= (options.min as number), `must be >= ${options.min}`);
  if (options.max !== undefined)
    schema = schema.refine((v) => v <= (options.max as number), `must be <= ${options.max}`);
  return schema;
}

/** `true|false|1|0|yes|no` (case-insensitive). */
export function envBool() {
  return z
    .string()
    .transform((v) => v.toLowerCase())
    .pipe(z.enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' }))
    .transform((v) => v === 'true' || v === '1' || v === 'yes');
}

/** A comma-separated list, trimmed, empty items dropped; at least one item. */
export function envList() {
  return z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    )
    .refine((items) => items.length > 0, 'must list at least one item');
}

/** An absolute URL whose scheme is one of `protocols` (e.g. `['http:', 'https:']`). */
export function envUrl(protocols: readonly string[]) {
  // One check, not two chained refines: zod runs every refine even after one fails, and `new URL()` on an
  // unparsable value throws a TypeError whose `input` (printed with the stack) holds the raw value, password
  // included (issue 12).
  return z.string().superRefine((v, ctx) => {
    const url = URL.canParse(v) ? new URL(v) : undefined;
    if (!url) ctx.addIssue({ code: 'custom', message: 'must be an absolute URL' });
    else if (!protocols.includes(url.protocol))
      ctx.addIssue({ code: 'custom', message: `scheme must be one of ${protocols.join(' ')}` });
  });
}

/** One of a fixed set of words. */
export function envEnum<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: `must be one of ${values.join(', ')}` });
}
