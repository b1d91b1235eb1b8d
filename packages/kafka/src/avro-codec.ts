import { type SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { StageError } from '@shelfstream/errors';
import avro from 'avsc';

/** A parsed `.avsc` schema (JSON). */
export type AvroSchemaJson = Record<string, unknown>;

/**
 * Encodes and decodes values in the Confluent wire format (magic byte 0, 4-byte schema id, Avro binary) through the
 * schema registry, with the topic -> schema bindings of the catalogue.
 *
 * Services never register schemas at run time: provisioning does. The codec looks up the id of its own copy of the
 * schema under `<topic>-value` and fails at start-up if the registry does not have it.
 */
export class AvroCodec {
  readonly #registry: SchemaRegistry;
  readonly #schemas: ReadonlyMap<string, AvroSchemaJson>;
  readonly #ids = new Map<string, Promise<number>>();
  /** Reader type per topic, built once: parsing a schema per record cost ~1 ms in every consumer. */
  readonly #readers = new Map<string, avro.Type>();
  /** Writer -> reader resolver per (reader topic, writer id); null when the two schemas are the same. */
  readonly #resolvers = new Map<string, avro.Resolver | null>();

  constructor(registry: SchemaRegistry, topicSchemas: ReadonlyMap<string, AvroSchemaJson>) {
    this.#registry = registry;
    this.#schemas = topicSchemas;
  }

  /** The schema bound to a topic; throws for an unbound topic (a wiring bug). */
  schemaFor(topic: string): AvroSchemaJson {
    const schema = this.#schemas.get(topic);
    if (!schema) throw new Error(`no Avro schema is bound to topic ${topic}`);
    return schema;
  }

  #readerType(topic: string): avro.Type {
    let type = this.#readers.get(topic);
    if (!type) {
      type = avro.Type.forSchema(this.schemaFor(topic) as avro.Schema);
      this.#readers.set(topic, type);
    }
    return type;
  }

  /** Resolves (and caches) the registry id of the topic's schema. Call at start-up to fail fast. */
  async writerId(topic: string): Promise<number> {
    let id = this.#ids.get(topic);
    if (!id) {
      const schema = this.schemaFor(topic);
      id = this.#registry
        .getRegistryIdBySchema(`${topic}-value`, {
          type: SchemaType.AVRO,
          schema: JSON.stringify(schema),
        })
        // Fetch the schema by id too, so that encode() finds it in the client's cache and needs no registry later.
        .then(async (found) => {
          await this.#registry.getSchema(found);
          return found;
        })
        .catch((err: unknown) => {
          // A registry outage is nobody's record's fault: retriable everywhere (it dead-lettered outputs before).
          if (isUnreachable(err)) {
            throw new StageError(
              'KAFKA_REGISTRY_UNAVAILABLE',
              `schema registry unavailable looking up ${topic}-value: ${messageOf(err)}`,
              { retriable: true, cause: err },
            );
          }
          throw err;
        });
      id.catch(() => this.#ids.delete(topic));
      this.#ids.set(topic, id);
    }
    return id;
  }

  /** Encodes a value for a topic. Throws StageError KAFKA_ENCODE_FAILED when the value does not fit the schema. */
  async encode(topic: string, value: unknown): Promise<Buffer> {
    const id = await this.writerId(topic);
    try {
      return await this.#registry.encode(id, value);
    } catch (err) {
      // encode() fetches the schema by id on a cache miss: a registry that cannot answer then (its own database
      // down, seen in `pnpm chaos`) is an outage, not a value that does not fit.
      if (isUnreachable(err) || (err as { name?: unknown }).name === 'ResponseError') {
        throw new StageError(
          'KAFKA_REGISTRY_UNAVAILABLE',
          `schema registry unavailable encoding for ${topic}: ${messageOf(err)}`,
          {
            retriable: true,
            cause: err,
          },
        );
      }
      throw new StageError(
        'KAFKA_ENCODE_FAILED',
        `value for ${topic} does not match its schema: ${messageOf(err)}`,
        {
          retriable: false,
          cause: err,
        },
      );
    }
  }

  /**
   * Decodes a framed value, resolved to the reader schema bound to `readerTopic` (schema evolution: records written
   * with an older compatible schema read as the current one).
   *
   * Throws StageError KAFKA_DECODE_FAILED (permanent) for bytes that cannot be decoded, or
   * KAFKA_REGISTRY_UNAVAILABLE (transient) when the registry cannot be reached.
   */
  async decode<T>(buffer: Buffer | null, readerTopic: string): Promise<T> {
    if (!buffer || buffer.length < 5 || buffer[0] !== 0) {
      throw new StageError(
        'KAFKA_DECODE_FAILED',
        'value is not in the Confluent wire format (magic byte 0 + id)',
        {
          retriable: false,
        },
      );
    }
    try {
      // What the registry client's decode() does, with the reader type and the resolver cached instead of rebuilt
      // from the schema's JSON for every record; the writer schema comes from the client's cache by id.
      const writerId = buffer.readInt32BE(1);
      const writer = (await this.#registry.getSchema(writerId)) as unknown as avro.Type;
      const reader = this.#readerType(readerTopic);
      const key = `${readerTopic}\u0000${writerId}`;
      let resolver = this.#resolvers.get(key);
      if (resolver === undefined) {
        resolver = reader.equals(writer) ? null : reader.createResolver(writer);
        this.#resolvers.set(key, resolver);
      }
      const payload = buffer.subarray(5);
      return (resolver ? reader.fromBuffer(payload, resolver) : reader.fromBuffer(payload)) as T;
    } catch (err) {
      if (isUnreachable(err)) {
        throw new StageError('KAFKA_REGISTRY_UNAVAILABLE', `schema registry unavailable: ${messageOf(err)}`, {
          retriable: true,
          cause: err,
        });
      }
      throw new StageError('KAFKA_DECODE_FAILED', `cannot decode value: ${messageOf(err)}`, {
        retriable: false,
        cause: err,
      });
    }
  }
}

/** A registry that did not answer (network error, 5xx, 429), as opposed to one that said no. */
function isUnreachable(err: unknown): boolean {
  // The registry client reports a refused connection as "status 400: connect ECONNREFUSED": look at the message too.
  if (isNetworkError(err)) return true;
  const status = (err as { status?: unknown }).status;
  return typeof status === 'number' && (status >= 500 || status === 429);
}

function isNetworkError(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 3) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && NETWORK_CODES.test(code)) return true;
  // Some HTTP clients only name the socket error in the message.
  if (err instanceof Error && NETWORK_CODES.test(err.message)) return true;
  return isNetworkError((err as { cause?: unknown }).cause, depth + 1);
}

const NETWORK_CODES = /\b(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH|EPIPE|UND_ERR\w*)\b/;

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
