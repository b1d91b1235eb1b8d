import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import avro from 'avsc';
import { checkGeneratedTypes, writeGeneratedTypes } from '../scripts/generate-types.js';
import type {
  CaptureAccepted,
  CaptureSubmitted,
  CaptureUnscorable,
  ComplianceRollup,
  ComplianceScored,
  DeadLetter,
  DetectionsProduced,
  FallbackRequested,
  ImagePrepared,
  RecaptureRequested,
  RescoreRequested,
  VersionDrift,
} from './generated/index.js';
import {
  AVRO_NAMESPACE,
  listSchemaFiles,
  loadSchemaFile,
  RECORD_NAMES,
  type RecordName,
  SCHEMAS_DIR,
} from './schema-files.js';

/** A node of a parsed .avsc document, loose enough to walk any of them. */
interface Node {
  type?: unknown;
  name?: string;
  doc?: string;
  fields?: { name: string; type: unknown; doc?: string; default?: unknown }[];
  items?: unknown;
  values?: unknown;
  symbols?: string[];
  logicalType?: string;
  default?: unknown;
}

/** Calls `visit` on every record, enum and field of a schema, with a path for messages. */
function walk(
  schema: unknown,
  path: string,
  visit: (kind: 'record' | 'enum' | 'field', node: Node, at: string) => void,
) {
  if (Array.isArray(schema)) {
    for (const [i, branch] of schema.entries()) walk(branch, `${path}[${i}]`, visit);
    return;
  }
  if (schema === null || typeof schema !== 'object') return;
  const node = schema as Node;
  if (node.type === 'record') {
    visit('record', node, path);
    for (const field of node.fields ?? []) {
      const at = `${path}.${field.name}`;
      visit('field', field, at);
      walk(field.type, at, visit);
    }
  } else if (node.type === 'enum') {
    visit('enum', node, path);
  } else if (node.type === 'array') {
    walk(node.items, `${path}[]`, visit);
  } else if (node.type === 'map') {
    walk(node.values, `${path}{}`, visit);
  } else if (typeof node.type === 'object') {
    walk(node.type, path, visit);
  }
}

function fieldsOf(schema: unknown): { field: Node; at: string }[] {
  const fields: { field: Node; at: string }[] = [];
  walk(schema, '', (kind, node, at) => {
    if (kind === 'field') fields.push({ field: node, at });
  });
  return fields;
}

const schemas = listSchemaFiles();

const t0 = Date.parse('2024-05-01T08:30:00.000Z');
const captureMeta = {
  capture_id: 'f'.repeat(64),
  store_id: 'store-0042',
  aisle: 'A07',
  fixture_type: 'ENDCAP',
  captured_at: t0,
  device_id: 'handheld-17',
  planogram_version: '2024-05-r3',
} as const;
const imagePrepared: ImagePrepared = {
  ...captureMeta,
  blob_uri: `s3://shelf/sha256/${'a'.repeat(64)}`,
  original_blob_uri: `s3://shelf/sha256/${'b'.repeat(64)}`,
  width: 1280,
  height: 960,
  original_width: 4032,
  original_height: 3024,
  quality: 'DEGRADED',
  quality_metrics: {
    blur_variance: 42.5,
    mean_luma: 118.2,
    luma_stddev: 51.3,
    underexposed_fraction: 0.01,
    overexposed_fraction: 0.2,
  },
  degraded_reasons: ['PREPROCESS_BLURRY'],
  shelf_lines_found: 4,
  route: 'endcap',
  prepared_at: t0 + 900,
};
const detectionsProduced: DetectionsProduced = {
  ...captureMeta,
  route: 'endcap',
  blob_uri: imagePrepared.blob_uri,
  tier: 'EDGE',
  model_id: 'shelf-yolo-endcap',
  model_version: 'sha256:0123abcd',
  batch_id: 'batch-7f3a',
  batch_size: 8,
  image_width: 4032,
  image_height: 3024,
  // float fields hold values float32 represents exactly, so the round trip is lossless
  detections: [
    {
      x1: 10.5,
      y1: 20.25,
      x2: 110.5,
      y2: 320.75,
      sku: 'SKU-123',
      class_index: 3,
      score: 0.875,
      shelf_index: 0,
    },
    { x1: 200, y1: 40, x2: 260, y2: 330, sku: null, class_index: 0, score: 0.5, shelf_index: null },
  ],
  shelf_facings: [
    { shelf_index: 0, y_top: 0, y_bottom: 340.5, facings: 2, facing_edges: [10.5, 110.5, 260] },
  ],
  fallback_reasons: ['INFERENCE_BREAKER_OPEN'],
  rescore: false,
  timings: {
    queue_ms: 12.5,
    fetch_ms: 3.25,
    preprocess_ms: 8,
    inference_ms: 95.125,
    postprocess_ms: 2,
    total_ms: 121,
  },
  quality: 'OK',
  shelf_lines_found: 4,
  produced_at: t0 + 2_000,
};

const samples: {
  CaptureSubmitted: CaptureSubmitted;
  CaptureAccepted: CaptureAccepted;
  ImagePrepared: ImagePrepared;
  FallbackRequested: FallbackRequested;
  DetectionsProduced: DetectionsProduced;
  ComplianceScored: ComplianceScored;
  ComplianceRollup: ComplianceRollup;
  VersionDrift: VersionDrift;
  CaptureUnscorable: CaptureUnscorable;
  RescoreRequested: RescoreRequested;
  RecaptureRequested: RecaptureRequested;
  DeadLetter: DeadLetter;
} = {
  CaptureSubmitted: {
    ...captureMeta,
    image_bytes: Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    image_uri: 'file:///photos/a07.jpg',
    content_type: 'image/jpeg',
    source: 'HTTP_GATEWAY',
    submitted_at: t0 + 50,
    attributes: { app_version: '3.2.1' },
  },
  CaptureAccepted: {
    ...captureMeta,
    source: 'EDGE_DEVICE',
    submitted_at: t0 + 50,
    attributes: {},
    blob_uri: imagePrepared.original_blob_uri,
    content_sha256: 'b'.repeat(64),
    content_type: 'image/jpeg',
    byte_size: 3_456_789,
    accepted_at: t0 + 300,
  },
  ImagePrepared: imagePrepared,
  FallbackRequested: {
    capture_id: captureMeta.capture_id,
    image: imagePrepared,
    from_tier: 'REMOTE',
    reason_code: 'INFERENCE_BREAKER_OPEN',
    reason_detail: 'breaker open after 5 failures',
    fallback_reasons: ['INFERENCE_BREAKER_OPEN'],
    failed_at: t0 + 1_500,
  },
  DetectionsProduced: detectionsProduced,
  ComplianceScored: {
    ...captureMeta,
    planogram_id: 'pg-store-0042-A07',
    score: 87.5,
    partial: false,
    tier: 'EDGE',
    model_id: detectionsProduced.model_id,
    model_version: detectionsProduced.model_version,
    quality: 'OK',
    shelves: [
      { shelf_index: 0, compliance_pct: 75, facings_found: 3, facings_expected: 4, facings_not_seen: 1 },
    ],
    skus: [
      {
        sku: 'SKU-123',
        brand: 'Acme',
        shelf_index: 0,
        facings_found: 1,
        facings_expected: 2,
        out_of_stock: false,
        not_seen: false,
        misplaced: true,
        unexpected: false,
      },
      {
        sku: 'SKU-999',
        brand: null,
        shelf_index: null,
        facings_found: 1,
        facings_expected: 0,
        out_of_stock: false,
        not_seen: false,
        misplaced: false,
        unexpected: true,
      },
    ],
    out_of_stock_count: 0,
    misplaced_count: 1,
    unexpected_count: 1,
    share_of_shelf: { Acme: 62.5, Other: 37.5 },
    scored_at: t0 + 2_500,
    supersedes: {
      tier: 'HEURISTIC',
      model_id: 'heuristic',
      model_version: '1',
      score: 61.5,
      partial: true,
      scored_at: t0 + 1_500,
    },
    coverage: 0.8,
  },
  ComplianceRollup: {
    level: 'AISLE',
    store_id: captureMeta.store_id,
    aisle: captureMeta.aisle,
    captures_scored: 14,
    degraded_captures: 2,
    mean_score: 81.25,
    out_of_stock_count: 5,
    misplaced_count: 3,
    window_start: Date.parse('2024-05-01T00:00:00.000Z'),
    window_end: Date.parse('2024-05-02T00:00:00.000Z'),
    last_capture_id: captureMeta.capture_id,
    updated_at: t0 + 2_600,
  },
  VersionDrift: {
    ...captureMeta,
    active_version: '2024-04-r1',
    detections: detectionsProduced,
    held_at: t0 + 2_700,
  },
  CaptureUnscorable: {
    ...captureMeta,
    blob_uri: imagePrepared.blob_uri,
    tier: 'EDGE',
    model_id: 'shelf-yolo-endcap',
    model_version: 'sha256:0123abcd',
    quality: 'DEGRADED',
    reason_code: 'SCORING_TOO_FEW_DETECTIONS',
    shelf_lines_found: 0,
    detections_found: 1,
    min_detections: 3,
    decided_at: t0 + 2_800,
  },
  RescoreRequested: {
    ...captureMeta,
    blob_uri: imagePrepared.blob_uri,
    route: 'endcap',
    image_width: 1280,
    image_height: 960,
    quality: 'OK',
    shelf_lines_found: 4,
    scored_tier: 'EDGE',
    target_tier: 'REMOTE',
    fallback_reasons: ['INFERENCE_BREAKER_OPEN'],
    requested_at: t0 + 60_000,
  },
  RecaptureRequested: {
    store_id: captureMeta.store_id,
    aisle: captureMeta.aisle,
    fixture_type: captureMeta.fixture_type,
    device_id: captureMeta.device_id,
    capture_id: captureMeta.capture_id,
    captured_at: t0,
    reasons: ['PREPROCESS_BLURRY'],
    requested_at: t0 + 1_000,
  },
  DeadLetter: {
    stage: 'PREPROCESSING',
    reason_code: 'PREPROCESS_DECODE_FAILED',
    retriable: false,
    error_message: 'Input buffer contains unsupported image format',
    error_stack: 'Error: Input buffer contains unsupported image format\n    at decode (decode.ts:12:5)',
    original_topic: 'shelf.captures.validated.v1',
    original_partition: 3,
    original_offset: 12_345_678_901, // past int32, so the long matters
    original_key: captureMeta.capture_id,
    original_value: Buffer.from([0, 0, 0, 0, 7, 2, 4]),
    original_headers: {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      'x-attempt': '1',
    },
    capture_id: captureMeta.capture_id,
    blob_uri: imagePrepared.original_blob_uri,
    batch_id: null,
    attempts: 1,
    first_failure_at: t0 + 400,
    last_failure_at: t0 + 400,
    dead_lettered_at: t0 + 450,
  },
};

/** Deep copy with avsc's record class instances turned into plain objects (Buffers kept). */
function toPlain(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toPlain);
  if (value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
}

/** The sample with every top-level nullable field set to null. */
function withNullsAsNull(name: RecordName): Record<string, unknown> {
  const sample: Record<string, unknown> = { ...samples[name] };
  for (const field of loadSchemaFile(name).fields) {
    if (Array.isArray(field.type) && field.type.includes('null')) sample[field.name] = null;
  }
  return sample;
}

describe('schema files', () => {
  it('holds exactly one .avsc file per record name', () => {
    assert.deepEqual(schemas.map((s) => s.recordName).sort(), [...RECORD_NAMES].sort());
  });

  it('loads each record by name from the repository schemas folder', () => {
    for (const name of RECORD_NAMES) {
      const schema = loadSchemaFile(name);
      assert.equal(schema.name, name);
      assert.equal(schema.namespace, AVRO_NAMESPACE);
    }
  });

  it('rejects a schema file whose record name differs from its file name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'schemas-'));
    try {
      const wrong = { ...loadSchemaFile('DeadLetter'), name: 'Other' };
      writeFileSync(join(dir, 'DeadLetter.avsc'), JSON.stringify(wrong));
      assert.throws(() => loadSchemaFile('DeadLetter', dir), /must define a record named DeadLetter/);
      assert.throws(() => loadSchemaFile('ImagePrepared', dir), /not found for record ImagePrepared/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses every schema with avsc under its namespaced name', () => {
    for (const { recordName, schema } of schemas) {
      const type = avro.Type.forSchema(schema);
      assert.equal(type.name, `${AVRO_NAMESPACE}.${recordName}`);
    }
  });

  it('documents every record, field and enum', () => {
    const undocumented: string[] = [];
    for (const { recordName, schema } of schemas) {
      walk(schema, recordName, (kind, node, at) => {
        if (typeof node.doc !== 'string' || node.doc.trim() === '') undocumented.push(`${kind} ${at}`);
      });
    }
    assert.deepEqual(undocumented, []);
  });

  it('puts null first with a null default in every nullable union', () => {
    const wrong: string[] = [];
    for (const { recordName, schema } of schemas) {
      for (const { field, at } of fieldsOf(schema)) {
        if (!Array.isArray(field.type)) continue;
        if (field.type[0] !== 'null' || field.default !== null) wrong.push(`${recordName}${at}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('names fields in snake_case and carries no trace ids in payloads', () => {
    for (const { recordName, schema } of schemas) {
      for (const { field, at } of fieldsOf(schema)) {
        assert.match(field.name ?? '', /^[a-z][a-z0-9]*(_[a-z0-9]+)*$/, `${recordName}${at}`);
        assert.doesNotMatch(field.name ?? '', /trace|span/, `${recordName}${at}: tracing rides in headers`);
      }
    }
  });

  it('stores every *_at instant as a timestamp-millis long', () => {
    for (const { recordName, schema } of schemas) {
      for (const { field, at } of fieldsOf(schema)) {
        if (!field.name?.endsWith('_at') && !field.name?.startsWith('window_')) continue;
        assert.deepEqual(field.type, { type: 'long', logicalType: 'timestamp-millis' }, `${recordName}${at}`);
      }
    }
  });

  it('carries a string capture_id in every capture-keyed record', () => {
    const notCaptureKeyed = new Set(['ComplianceRollup', 'DeadLetter']);
    for (const { recordName, schema } of schemas) {
      if (notCaptureKeyed.has(recordName)) continue;
      const field = schema.fields.find((f) => f.name === 'capture_id');
      assert.equal(field?.type, 'string', recordName);
    }
  });

  it('gives the fixture type and dead-letter stage enums a default symbol', () => {
    const enums = new Map<string, Node>();
    for (const { schema } of schemas)
      walk(schema, '', (kind, node) => kind === 'enum' && enums.set(node.name!, node));
    assert.equal(enums.get('FixtureType')?.default, 'GONDOLA');
    assert.deepEqual(enums.get('Stage')?.symbols, [
      'INGESTION',
      'PREPROCESSING',
      'INFERENCE',
      'SCORING',
      'STATE_TRACKER',
      'TEST',
    ]);
    assert.equal(typeof enums.get('Stage')?.default, 'string');
  });

  it('defines a named type shared by several files identically in each', () => {
    const seen = new Map<string, { file: string; json: string }>();
    for (const { recordName, schema } of schemas) {
      const registry: Record<string, avro.Type> = {};
      avro.Type.forSchema(schema, { registry });
      for (const [name, type] of Object.entries(registry)) {
        const json = JSON.stringify(type.schema({ exportAttrs: true }));
        const first = seen.get(name);
        if (first) assert.equal(json, first.json, `${name} differs between ${first.file} and ${recordName}`);
        else seen.set(name, { file: recordName, json });
      }
    }
  });

  for (const name of RECORD_NAMES) {
    it(`round-trips a ${name} sample through avsc binary encoding, with and without its nullable fields`, () => {
      const type = avro.Type.forSchema(loadSchemaFile(name));
      for (const sample of [samples[name], withNullsAsNull(name)]) {
        const problems: string[] = [];
        type.isValid(sample, { errorHook: (path) => problems.push(path.join('.')) });
        assert.deepEqual(problems, [], `invalid fields in the ${name} sample`);
        assert.deepEqual(toPlain(type.fromBuffer(type.toBuffer(sample))), sample);
      }
    });
  }
});

describe('generated types', () => {
  it('are up to date with the schemas', () => {
    assert.deepEqual(checkGeneratedTypes(), [], 'run `pnpm codegen`');
  });

  it('report a generated file that was edited, and one left without a schema', () => {
    const root = mkdtempSync(join(tmpdir(), 'codegen-'));
    try {
      const schemasDir = join(root, 'schemas');
      const generatedDir = join(root, 'generated');
      cpSync(SCHEMAS_DIR, schemasDir, { recursive: true });
      writeGeneratedTypes(schemasDir, generatedDir);
      assert.deepEqual(checkGeneratedTypes(schemasDir, generatedDir), []);
      const file = join(generatedDir, 'DeadLetter.ts');
      writeFileSync(file, `${readFileSync(file, 'utf8')}// hand edit\n`);
      writeFileSync(join(generatedDir, 'Removed.ts'), '');
      assert.deepEqual(checkGeneratedTypes(schemasDir, generatedDir), ['DeadLetter.ts', 'Removed.ts']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
