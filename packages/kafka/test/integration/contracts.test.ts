import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { SchemaType } from '@kafkajs/confluent-schema-registry';
import { loadSchemaFile, TOPIC_CATALOGUE, valueSubject } from '@shelfstream/contracts';
import {
  AvroCodec,
  catalogueTopicSchemas,
  createKafkaClient,
  createSchemaRegistry,
  provision,
  registerSchemas,
} from '@shelfstream/kafka';
import { createLogger } from '@shelfstream/observability';
import { readTopic, testKafkaConnection, testStackEnvironment, uniqueName } from '@shelfstream/testkit';
import avro from 'avsc';

const connection = testKafkaConnection();
const logger = createLogger({ service: 'test', level: 'error' });
const kafka = createKafkaClient(connection, 'contracts-test', logger);

before(async () => {
  await provision(connection, logger);
});

test('provisioning is idempotent: a second run changes no topic and keeps every schema id', async () => {
  const first = await provision(connection, logger);
  const second = await provision(connection, logger);
  assert.ok(
    second.topics.every((t) => t.action === 'unchanged'),
    JSON.stringify(second.topics.filter((t) => t.action !== 'unchanged')),
  );
  assert.deepEqual(second.subjects, first.subjects);
  assert.equal(second.topics.length, TOPIC_CATALOGUE.length);
});

test('every schema round-trips through the registry and Kafka in the Confluent wire format', async () => {
  const schemas = catalogueTopicSchemas();
  const codec = new AvroCodec(createSchemaRegistry(connection), schemas);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const expected = new Map<string, { value: unknown; type: avro.Type }>();
  const marker = uniqueName('roundtrip');
  for (const [topic, schema] of schemas) {
    const type = avro.Type.forSchema(schema as avro.Schema);
    // Random values exercise every branch of unions, maps and enums; a float survives only as a float32.
    const value = type.fromBuffer(type.toBuffer(type.random()));
    const framed = await codec.encode(topic, value);
    assert.equal(framed[0], 0, 'magic byte');
    assert.equal(framed.readInt32BE(1), await codec.writerId(topic), 'schema id after the magic byte');
    await producer.send({ topic, acks: -1, messages: [{ key: marker, value: framed }] });
    expected.set(topic, { value, type });
  }
  await producer.disconnect();
  for (const [topic, { value, type }] of expected) {
    const records = await readTopic(kafka, topic, {
      until: (r) => r.some((x) => x.key === marker),
      decode: (v) => codec.decode(v, topic),
      timeoutMs: 20_000,
    });
    const mine = records.find((r) => r.key === marker);
    assert.ok(mine, `${topic}: record read back`);
    // Equality through the schema itself: decoded records are plain objects where avsc's values are classes.
    assert.deepEqual(type.toBuffer(mine.decoded), type.toBuffer(value), topic);
  }
});

test('the registry itself rejects a backward-incompatible change to a schema', async () => {
  const registry = createSchemaRegistry(connection);
  const subject = `${uniqueName('test.compat')}-value`;
  const original = loadSchemaFile('CaptureSubmitted') as unknown as { fields: unknown[] } & Record<
    string,
    unknown
  >;
  const [registered] = await registerSchemas(registry, connection.schemaRegistryUrl, [
    { subject, schema: original },
  ]);
  assert.ok(registered && registered.id > 0);

  // A new required field without a default: readers of the new schema cannot read old records.
  const incompatible = {
    ...original,
    fields: [
      ...original.fields,
      { name: 'mandatory_new_field', type: 'string', doc: 'no default: breaks BACKWARD' },
    ],
  };
  const response = await fetch(
    `${connection.schemaRegistryUrl}/subjects/${encodeURIComponent(subject)}/versions`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      body: JSON.stringify({ schemaType: SchemaType.AVRO, schema: JSON.stringify(incompatible) }),
    },
  );
  assert.equal(response.status, 409, await response.text());

  // The same change with a default is backward compatible and accepted.
  const compatible = {
    ...original,
    fields: [
      ...original.fields,
      { name: 'optional_new_field', type: ['null', 'string'], default: null, doc: 'ok' },
    ],
  };
  const [next] = await registerSchemas(registry, connection.schemaRegistryUrl, [
    { subject, schema: compatible },
  ]);
  assert.notEqual(next?.id, registered.id);
});

test('the provision CLI names a bad variable and exits 2', () => {
  const cli = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
  const result = spawnSync(process.execPath, ['--conditions=@shelfstream/source', '--import', 'tsx', cli], {
    env: { ...process.env, ...testStackEnvironment(), KAFKA_SSL: 'maybe', SCHEMA_REGISTRY_URL: 'ftp://nope' },
    encoding: 'utf8',
  });
  assert.equal(result.status, 2, result.stderr);
  assert.match(result.stderr, /KAFKA_SSL: must be true or false/);
  assert.match(result.stderr, /SCHEMA_REGISTRY_URL: scheme must be one of http: https:/);
});

test('the value subjects follow TopicNameStrategy', async () => {
  const response = await fetch(`${connection.schemaRegistryUrl}/subjects`);
  const subjects = (await response.json()) as string[];
  for (const spec of TOPIC_CATALOGUE.filter((t) => t.valueRecord))
    assert.ok(subjects.includes(valueSubject(spec.name)), spec.name);
});
