import { fileURLToPath } from 'node:url';
import { type CaptureSubmitted, loadSchemaFile, valueSubject } from '@shelfstream/contracts';
import {
  AvroCodec,
  createKafkaClient,
  createSchemaRegistry,
  type KafkaConnection,
  registerSchemas,
} from '@shelfstream/kafka';
import { createLogger } from '@shelfstream/observability';
import {
  edgeCapture,
  type SpawnedService,
  spawnService,
  testKafkaConnection,
  uniqueName,
} from '@shelfstream/testkit';
import type { Kafka } from 'kafkajs';

/** The topics of one copy-stage test, created fresh with their schemas registered. */
export interface CopyTopics {
  readonly input: string;
  readonly output: string;
  readonly retry: string;
  readonly dlq: string;
  readonly group: string;
}

export interface Harness {
  readonly connection: KafkaConnection;
  readonly kafka: Kafka;
  readonly codec: AvroCodec;
  readonly topics: CopyTopics;
}

const captureSchema = loadSchemaFile('CaptureSubmitted') as unknown as Record<string, unknown>;
const deadLetterSchema = loadSchemaFile('DeadLetter') as unknown as Record<string, unknown>;

/** Creates a copy-stage topic set (3 partitions each) and registers its subjects. */
export async function createHarness(partitions = 3): Promise<Harness> {
  const connection = testKafkaConnection();
  const logger = createLogger({ service: 'test', level: 'error' });
  const kafka = createKafkaClient(connection, 'test', logger);
  const base = uniqueName('test.copy');
  const topics: CopyTopics = {
    input: `${base}.in`,
    output: `${base}.out`,
    retry: `${base}.retry`,
    dlq: `${base}.dlq`,
    group: `${base}.group`,
  };
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [topics.input, topics.output, topics.retry, topics.dlq].map((topic) => ({
      topic,
      numPartitions: partitions,
      replicationFactor: 1,
    })),
  });
  await admin.disconnect();
  const registry = createSchemaRegistry(connection);
  await registerSchemas(registry, connection.schemaRegistryUrl, [
    { subject: valueSubject(topics.input), schema: captureSchema },
    { subject: valueSubject(topics.output), schema: captureSchema },
    { subject: valueSubject(topics.dlq), schema: deadLetterSchema },
  ]);
  const codec = new AvroCodec(
    registry,
    new Map([
      [topics.input, captureSchema],
      [topics.output, captureSchema],
      [topics.dlq, deadLetterSchema],
    ]),
  );
  return { connection, kafka, codec, topics };
}

/** A valid CaptureSubmitted whose `attributes.behaviour` scripts the copy stage. */
export function sampleCapture(i: number, behaviour = 'ok'): CaptureSubmitted {
  const capturedAt = Date.UTC(2026, 10, 24, 8, 0, 0, i);
  return edgeCapture(i, {
    capturedAt,
    deviceId: `cam-${i % 7}`,
    submittedAt: capturedAt + 5,
    attributes: { behaviour, seq: String(i) },
  });
}

/** Produces captures to the input topic (plain idempotent producer). */
export async function produceCaptures(h: Harness, captures: readonly CaptureSubmitted[]): Promise<void> {
  const producer = h.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const messages = await Promise.all(
    captures.map(async (c) => ({ key: c.capture_id, value: await h.codec.encode(h.topics.input, c) })),
  );
  for (let i = 0; i < messages.length; i += 500) {
    await producer.send({ topic: h.topics.input, acks: -1, messages: messages.slice(i, i + 500) });
  }
  await producer.disconnect();
}

const fixture = fileURLToPath(new URL('../fixtures/copy-stage.ts', import.meta.url));

/** A copy-stage process: `started` resolves once it logged `started`. */
export type StageProcess = SpawnedService<boolean>;

/** Starts the copy stage as its own process (so it can be SIGKILLed or SIGTERMed like a real service). */
export function startCopyStage(h: Harness, extraEnv: Record<string, string> = {}): StageProcess {
  return spawnService({
    script: fixture,
    name: 'copy stage',
    env: {
      TEST_INPUT: h.topics.input,
      TEST_OUTPUT: h.topics.output,
      TEST_RETRY: h.topics.retry,
      TEST_DLQ: h.topics.dlq,
      TEST_GROUP: h.topics.group,
      ...extraEnv,
    },
    ready: (output) => (output.includes('started\n') ? true : undefined),
  });
}

/** Sequence numbers (attributes.seq) of decoded output records. */
export async function outputSeqs(h: Harness, values: readonly (Buffer | null)[]): Promise<number[]> {
  const decoded = await Promise.all(values.map((v) => h.codec.decode<CaptureSubmitted>(v, h.topics.output)));
  return decoded.map((d) => Number(d.attributes['seq']));
}
