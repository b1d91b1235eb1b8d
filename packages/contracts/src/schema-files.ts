import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { schema } from 'avsc';

/**
 * Every Avro record type of the wire contract; each has `schemas/<name>.avsc` at the repository root.
 * Topic to record mapping lives in DESIGN.md's topic table (and the topic catalogue).
 */
export const RECORD_NAMES = [
  'CaptureSubmitted',
  'CaptureAccepted',
  'ImagePrepared',
  'FallbackRequested',
  'DetectionsProduced',
  'ComplianceScored',
  'ComplianceRollup',
  'VersionDrift',
  'CaptureUnscorable',
  'RescoreRequested',
  'RecaptureRequested',
  'DeadLetter',
] as const;

/** Name of one record type of the wire contract. */
export type RecordName = (typeof RECORD_NAMES)[number];

/** Avro namespace of every record of the wire contract. */
export const AVRO_NAMESPACE = 'io.shelfstream.v1';

/** The parsed JSON of one `.avsc` file: a top-level Avro record schema. */
export type RecordSchema = schema.RecordType;

/** One `.avsc` file found in the schemas folder. */
export interface SchemaFile {
  /** Record name, equal to the file name without `.avsc`. */
  recordName: string;
  /** Absolute path of the file. */
  path: string;
  /** The parsed schema. */
  schema: RecordSchema;
}

/**
 * Absolute path of the repository's `schemas/` folder. This module sits one level below the
 * package root both as `src/schema-files.ts` and as `dist/schema-files.js`, and the package root
 * is `packages/contracts/`, so the folder is three levels up.
 */
export const SCHEMAS_DIR: string = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'schemas',
);

/**
 * Reads and parses `schemas/<recordName>.avsc`.
 *
 * @param recordName - the record, e.g. `'CaptureSubmitted'`.
 * @param schemasDir - folder to read from. @default {@link SCHEMAS_DIR}
 * @throws Error when the file is missing, is not JSON, or is not a record named `recordName` in
 * the `io.shelfstream.v1` namespace (a start-up failure: the contract is broken).
 */
export function loadSchemaFile(recordName: RecordName, schemasDir: string = SCHEMAS_DIR): RecordSchema {
  return readRecordSchema(recordName, schemasDir);
}

function readRecordSchema(recordName: string, schemasDir: string): RecordSchema {
  const path = join(schemasDir, `${recordName}.avsc`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new Error(`Avro schema file not found for record ${recordName}: ${path}`, { cause });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new Error(`Avro schema file is not valid JSON: ${path}`, { cause });
  }
  if (!isRecordSchema(parsed) || parsed.name !== recordName || parsed.namespace !== AVRO_NAMESPACE) {
    throw new Error(`${path} must define a record named ${recordName} in namespace ${AVRO_NAMESPACE}`);
  }
  return parsed;
}

/**
 * Reads and parses every `.avsc` file of the schemas folder, sorted by record name.
 *
 * @param schemasDir - folder to read from. @default {@link SCHEMAS_DIR}
 * @throws Error as {@link loadSchemaFile} does, for the first bad file.
 */
export function listSchemaFiles(schemasDir: string = SCHEMAS_DIR): SchemaFile[] {
  return readdirSync(schemasDir)
    .filter((file) => file.endsWith('.avsc'))
    .sort()
    .map((file) => {
      const recordName = basename(file, '.avsc');
      return { recordName, path: join(schemasDir, file), schema: readRecordSchema(recordName, schemasDir) };
    });
}

function isRecordSchema(value: unknown): value is RecordSchema {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Partial<RecordSchema>;
  return candidate.type === 'record' && typeof candidate.name === 'string' && Array.isArray(candidate.fields);
}
