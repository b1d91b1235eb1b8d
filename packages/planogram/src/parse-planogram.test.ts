import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { parsePlanogram } from './parse-planogram.js';
import { planogramSchema } from './planogram-schema.js';

const packageFile = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

test('accepts the gondola example shipped with the README', () => {
  const result = parsePlanogram(packageFile('examples/gondola-basic.json'));
  assert.equal(result.ok, true);
  if (!result.ok) return;
  assert.equal(result.planogram.fixture, 'GONDOLA');
  assert.equal(result.planogram.shelves.length, 2);
  assert.equal(result.planogram.catalog?.['FIZZ-COLA-330']?.brand, 'Fizz');
});

test('reports every schema problem as a JSON pointer and a readable message', () => {
  const result = parsePlanogram({
    store_id: 's',
    version: 0,
    fixture: 'SHELF',
    colour: 'red',
    shelves: [
      {
        facings: [
          { sku: 'A', facings: 1 },
          { sku: ' B', facings: 0 },
        ],
      },
    ],
    catalog: { '': { brand: 'x' }, B: {} },
  });
  assert.deepEqual(result, {
    ok: false,
    code: 'PLANOGRAM_SCHEMA_VIOLATION',
    errors: [
      '/aisle: is required',
      '/colour: is not allowed here',
      '/version: must be >= 1',
      '/fixture: must be equal to one of the allowed values ("GONDOLA", "ENDCAP", "FREEZER")',
      '/shelves/0/facings/1/sku: must match pattern "^\\S(.*\\S)?$"',
      '/shelves/0/facings/1/facings: must be >= 1',
      '/catalog/: key must NOT have fewer than 1 characters',
      '/catalog/: key must match pattern "^\\S(.*\\S)?$"',
      '/catalog/B/brand: is required',
    ],
  });
});

test('rejects a planogram without shelves and a $schema that is not a URI reference', () => {
  const result = parsePlanogram({
    $schema: 'not a uri %%',
    store_id: 's',
    aisle: 'a',
    version: 1,
    fixture: 'ENDCAP',
    shelves: [],
  });
  assert.deepEqual(result, {
    ok: false,
    code: 'PLANOGRAM_SCHEMA_VIOLATION',
    errors: ['/$schema: must match format "uri-reference"', '/shelves: must NOT have fewer than 1 items'],
  });
});

test('escapes keys in JSON pointers as RFC 6901 says', () => {
  const result = parsePlanogram({
    store_id: 's',
    aisle: 'a',
    version: 1,
    fixture: 'FREEZER',
    shelves: [{ facings: [{ sku: 'A', facings: 1 }] }],
    'a/b~c': 1,
  });
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.deepEqual(result.errors, ['/a~1b~0c: is not allowed here']);
});

test('rejects text that is not JSON with PLANOGRAM_JSON_MALFORMED', () => {
  const result = parsePlanogram('{"store_id": ');
  assert.equal(result.ok, false);
  if (result.ok) return;
  assert.equal(result.code, 'PLANOGRAM_JSON_MALFORMED');
  assert.match(result.errors[0] ?? '', /^\/: /);
});

test('returns a copy that later changes to the input cannot reach', () => {
  const input = {
    store_id: 's',
    aisle: 'a',
    version: 1,
    fixture: 'GONDOLA',
    shelves: [{ facings: [{ sku: 'A', facings: 2 }] }],
  };
  const result = parsePlanogram(input);
  assert.equal(result.ok, true);
  input.shelves[0]!.facings[0]!.facings = 99;
  if (result.ok) assert.equal(result.planogram.shelves[0]?.facings[0]?.facings, 2);
});

test('the checked-in planogram.schema.json is the schema the validator uses', () => {
  // Regenerate with: pnpm exec tsx packages/planogram/scripts/write-schema.ts
  assert.deepEqual(JSON.parse(packageFile('planogram.schema.json')), planogramSchema);
});
