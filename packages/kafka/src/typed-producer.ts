import { context } from '@opentelemetry/api';
import { traceHeaders } from '@shelfstream/observability';
import type { Kafka, Producer } from 'kafkajs';
import type { AvroCodec } from './avro-codec.js';
import { HeaderNames } from './headers.js';

/** One record to produce outside a stage (edge devices, the HTTP gateway, `shelfctl submit`). */
export interface ProduceRequest {
  readonly topic: string;
  readonly key: string;
  readonly value: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * An idempotent (acks=all) producer of Avro values for records that enter the mesh. It stamps the standard headers:
 * `traceparent` of the active context, `x-attempt: 1`, `x-first-seen-ms` and `x-origin-topic`.
 */
export class TypedProducer {
  readonly #producer: Producer;
  readonly #codec: AvroCodec;

  constructor(kafka: Kafka, codec: AvroCodec) {
    this.#codec = codec;
    this.#producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  }

  async connect(): Promise<void> {
    await this.#producer.connect();
  }

  async disconnect(): Promise<void> {
    await this.#producer.disconnect();
  }

  /** Encodes and sends records; resolves once every broker acknowledged them. */
  async send(requests: readonly ProduceRequest[], now: number = Date.now()): Promise<void> {
    const byTopic = new Map<string, { key: string; value: Buffer; headers: Record<string, string> }[]>();
    for (const r of requests) {
      const list = byTopic.get(r.topic) ?? [];
      list.push({
        key: r.key,
        value: await this.#codec.encode(r.topic, r.value),
        headers: {
          ...traceHeaders(context.active()),
          [HeaderNames.attempt]: '1',
          [HeaderNames.firstSeenMs]: String(now),
          [HeaderNames.originTopic]: r.topic,
          ...r.headers,
        },
      });
      byTopic.set(r.topic, list);
    }
    await this.#producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }
}
