/** Fixture (display unit) types; inference routes models by these. */
export const FIXTURE_TYPES = ['GONDOLA', 'ENDCAP', 'FREEZER'] as const;
/** A fixture type. */
export type FixtureType = (typeof FIXTURE_TYPES)[number];

/** Catalog categories a fixture usually carries; other categories still appear now and then. */
export const FIXTURE_CATEGORIES: Readonly<Record<FixtureType, readonly string[]>> = Object.freeze({
  GONDOLA: ['beverages', 'snacks', 'breakfast', 'pantry', 'household'],
  ENDCAP: ['beverages', 'snacks', 'breakfast', 'pantry', 'household', 'dairy'],
  FREEZER: ['frozen', 'dairy', 'beverages'],
});

/** True when `value` names a fixture type. */
export function isFixtureType(value: string): value is FixtureType {
  return (FIXTURE_TYPES as readonly string[]).includes(value);
}
