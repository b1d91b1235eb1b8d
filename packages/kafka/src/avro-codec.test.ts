import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { isStageError } from '@shelfstream/errors';
import avro from 'avsc';
import { AvroCodec } from './avro-codec.js';

/** What @kafkajs/confluent-schema-registry throws when the registry's port refuses the connection. */
function refusedConnection(): Error {
  return Object.assign(
    new Error('Confluent_Schema_Registry - Error, status 400: connect ECONNREFUSED 127.0.0.1:1'),
    {
      status: 400,
    },
  );
}

function codecWith(registry: Partial<SchemaRegistry>): AvroCodec {
  return new AvroCodec(registry as SchemaRegistry, new Map([['out', { type: 'string' }]]));
}

// Regression guard for issue 12 defect 6: the first use of an output topic during a registry outage dead-lettered
// records because the id lookup failed with a raw error, outside the retriable path.
test('an output schema-id lookup during a registry outage is a retriable KAFKA_REGISTRY_UNAVAILABLE', async () => {
  const codec = codecWith({
    getRegistryIdBySchema: async () => {
      throw refusedConnection();
    },
  });
  await assert.rejects(codec.encode('out', 'x'), (err: unknown) => {
    assert.ok(isStageError(err));
    assert.equal(err.code, 'KAFKA_REGISTRY_UNAVAILABLE');
    assert.equal(err.retriable, true);
    return true;
  });
});

test('a failed id lookup is not cached: the next call asks the registry again', async () => {
  let calls = 0;
  const codec = codecWith({
    getRegistryIdBySchema: async () => {
      calls += 1;
      if (calls === 1) throw refusedConnection();
      return 7;
    },
    getSchema: async () => ({}) as never,
  });
  await assert.rejects(codec.writerId('out'));
  assert.equal(await codec.writerId('out'), 7);
});

test('a decode during a registry outage is retriable, a registry that says no is not', async () => {
  const framed = Buffer.from([0, 0, 0, 0, 9, 2, 120]);
  // decode() fetches the writer schema by id (the client's cache, else the registry), then decodes itself.
  const down = codecWith({
    getSchema: async () => {
      throw refusedConnection();
    },
  });
  await assert.rejects(down.decode(framed, 'out'), (err: unknown) => isStageError(err) && err.retriable);
  const refuses = codecWith({
    getSchema: async () => {
      throw Object.assign(new Error('Schema not found'), { status: 404 });
    },
  });
  await assert.rejects(
    refuses.decode(framed, 'out'),
    (err: unknown) => isStageError(err) && err.code === 'KAFKA_DECODE_FAILED' && !err.retriable,
  );
});

// Found by `pnpm chaos`: with the registry's PostgreSQL down, encode()'s schema fetch failed and the output was
// dead-lettered as KAFKA_ENCODE_FAILED.
test('an encode whose schema fetch meets a failing registry is retriable; a value that does not fit is not', async () => {
  const failing = codecWith({
    getRegistryIdBySchema: async () => 7,
    getSchema: async () => ({}) as never,
    encode: async () => {
      throw Object.assign(
        new Error('Confluent_Schema_Registry - org.postgresql.util.PSQLException: An I/O error'),
        {
          name: 'ResponseError',
          status: 500,
        },
      );
    },
  });
  await assert.rejects(
    failing.encode('out', 'x'),
    (err: unknown) => isStageError(err) && err.code === 'KAFKA_REGISTRY_UNAVAILABLE' && err.retriable,
  );
  const misfit = codecWith({
    getRegistryIdBySchema: async () => 7,
    getSchema: async () => ({}) as never,
    encode: async () => {
      throw Object.assign(new Error('invalid "long": -1e+23'), {
        name: 'ConfluentSchemaRegistryValidationError',
      });
    },
  });
  await assert.rejects(
    misfit.encode('out', 'x'),
    (err: unknown) => isStageError(err) && err.code === 'KAFKA_ENCODE_FAILED' && !err.retriable,
  );
});

test('decode resolves an older writer schema to the topic reader schema, with the resolver built once per writer', async () => {
  const readerSchema = {
    type: 'record',
    name: 'Shelf',
    fields: [
      { name: 'id', type: 'string' },
      { name: 'facings', type: 'int', default: 1 },
    ],
  };
  const writer = avro.Type.forSchema({
    type: 'record',
    name: 'Shelf',
    fields: [{ name: 'id', type: 'string' }],
  });
  let fetched = 0;
  const codec = new AvroCodec(
    {
      getSchema: async () => {
        fetched++;
        return writer as never;
      },
    } as unknown as SchemaRegistry,
    new Map([['shelves', readerSchema]]),
  );
  const framed = (id: string) => {
    const header = Buffer.from([0, 0, 0, 0, 42]);
    return Buffer.concat([header, writer.toBuffer({ id })]);
  };
  assert.deepEqual({ ...(await codec.decode<object>(framed('a'), 'shelves')) }, { id: 'a', facings: 1 });
  assert.deepEqual({ ...(await codec.decode<object>(framed('b'), 'shelves')) }, { id: 'b', facings: 1 });
  assert.equal(fetched, 2, 'the writer schema comes from the client (which caches it) for every record');
  await assert.rejects(
    codec.decode(Buffer.from([0, 0, 0, 0, 42, 0xff]), 'shelves'),
    (err: unknown) => isStageError(err) && err.code === 'KAFKA_DECODE_FAILED',
  );
});
