/**
 * JSON Schema (draft 2020-12) of the planogram format. This constant is the source;
 * `planogram.schema.json` at the package root is written from it by `scripts/write-schema.ts`
 * and a unit test fails when the two differ.
 */
export const planogramSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://shelfstream.dev/schemas/planogram.schema.json',
  $comment: 'Generated from src/planogram-schema.ts by scripts/write-schema.ts; do not edit by hand.',
  title: 'Planogram',
  description:
    'Expected shelf layout of one fixture in one store aisle. Shelves are listed top to bottom, facings left to right.',
  type: 'object',
  additionalProperties: false,
  required: ['store_id', 'aisle', 'version', 'fixture', 'shelves'],
  properties: {
    $schema: {
      description: 'Optional pointer to this schema, for editors.',
      type: 'string',
      format: 'uri-reference',
    },
    store_id: { description: 'Store identifier.', type: 'string', minLength: 1, maxLength: 128 },
    aisle: {
      description: 'Aisle identifier within the store.',
      type: 'string',
      minLength: 1,
      maxLength: 128,
    },
    version: {
      description: 'Publication version, increasing per store and aisle.',
      type: 'integer',
      minimum: 1,
    },
    fixture: { description: 'Kind of fixture.', enum: ['GONDOLA', 'ENDCAP', 'FREEZER'] },
    shelves: {
      description: 'Shelves from top (index 0) to bottom.',
      type: 'array',
      minItems: 1,
      maxItems: 32,
      items: { $ref: '#/$defs/shelf' },
    },
    catalog: {
      description: 'Optional SKU catalog: sku -> brand, category, size.',
      type: 'object',
      propertyNames: { $ref: '#/$defs/sku' },
      additionalProperties: { $ref: '#/$defs/catalogEntry' },
    },
  },
  $defs: {
    sku: { type: 'string', minLength: 1, maxLength: 64, pattern: '^\\S(.*\\S)?$' },
    shelf: {
      type: 'object',
      additionalProperties: false,
      required: ['facings'],
      properties: {
        facings: {
          description: 'Runs of facings from left to right.',
          type: 'array',
          minItems: 1,
          maxItems: 256,
          items: { $ref: '#/$defs/facing' },
        },
      },
    },
    facing: {
      type: 'object',
      additionalProperties: false,
      required: ['sku', 'facings'],
      properties: {
        sku: { $ref: '#/$defs/sku' },
        facings: {
          description: 'Side-by-side fronts of the SKU.',
          type: 'integer',
          minimum: 1,
          maximum: 100,
        },
      },
    },
    catalogEntry: {
      type: 'object',
      additionalProperties: false,
      required: ['brand'],
      properties: {
        brand: { type: 'string', minLength: 1, maxLength: 128 },
        category: { type: 'string', minLength: 1, maxLength: 128 },
        size: { type: 'string', minLength: 1, maxLength: 64 },
      },
    },
  },
} as const;
