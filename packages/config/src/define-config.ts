import type { z } from 'zod';

/** One configuration value: the environment variable it is read from, its schema (with default) and a doc line. */
export interface ConfigField<S extends z.ZodType = z.ZodType> {
  readonly env: string;
  readonly schema: S;
  /** What the value means, with its unit. Shown by `--help` and in the README's configuration tables. */
  readonly doc: string;
}

/** A service's configuration: field name -> {@link ConfigField}. */
export type ConfigDefinition = Readonly<Record<string, ConfigField>>;

/** The parsed, frozen configuration object of a {@link ConfigDefinition}. */
export type ConfigOf<D extends ConfigDefinition> = { readonly [K in keyof D]: z.output<D[K]['schema']> };

/** Declares a configuration; the identity function, for type inference. */
export function defineConfig<D extends ConfigDefinition>(definition: D): D {
  return definition;
}
