#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createBlobStore } from '@shelfstream/blob-store';
import { loadConfig } from '@shelfstream/config';
import { namespacedCatalogue, topicNames } from '@shelfstream/contracts';
import {
  AvroCodec,
  catalogueTopicSchemas,
  createKafkaClient,
  createSchemaRegistry,
  type KafkaConnection,
  kafkaConnectionConfig,
  TypedProducer,
} from '@shelfstream/kafka';
import { createLogger } from '@shelfstream/observability';
import type { CaptureSink } from './capture-sink.js';
import { HttpCaptureSink } from './http-sink.js';
import { KafkaCaptureSink } from './kafka-sink.js';
import { ManifestWriter } from './manifest.js';
import { type CaptureChannel, planCaptures } from './mix-plan.js';
import { RejectionTolerantSink } from './rejection-tolerant-sink.js';
import { simulateDevices } from './simulate.js';

const USAGE = `usage: device-simulator [options]

Emulates stores' capture devices: renders synthetic shelf photos (@shelfstream/synthetic-shelf) and sends them as
CaptureSubmitted to shelf.captures.raw.v1 (Kafka, in KAFKA_TOPIC_NAMESPACE) or to the HTTP gateway, with a mix of
duplicates, degraded (blurry/dark), corrupt (truncated), planogram-drift, no-shelf (blank, dark, blurred flat,
wall: they end UNSCORABLE), empty-shelf (every product gone: they score 0) and, opt-in, close-up (the central 80 %
of the scene at the same resolution: scored over the part in view) captures, and writes a JSONL manifest with the
ground truth of every capture (a close-up's is the whole scene's).

  --stores N              stores (default 2)
  --devices N             devices per store (default 2)
  --count N               captures to send (default 20)
  --rate R                captures per second, 0 = unlimited (default 2)
  --seed N                plan and scene seed (default 1)
  --channel C             kafka | http | both (default kafka)
  --duplicate F --degraded F --corrupt F --drift F --no-shelf F --empty-shelf F --close-up F
                          shares of each fault kind (defaults 0.1 0.1 0.05 0.05 0.03 0.02 0)
  --width W --height H    image size (default 1920x1080)
  --planogram-version V   active version (default v1); drift captures claim --outdated-version (default v0)
  --outdated-version V
  --manifest PATH         manifest file (default ./captures-manifest.jsonl)
  --max-inline-bytes N    larger images go to the blob store as image_uri (default 1048576)
  --blob-store URL        file:///path or s3://bucket/prefix; unset = always inline
  --s3-endpoint URL       S3-compatible endpoint (with S3_ACCESS_KEY_ID / S3_SECRET_ACCESS_KEY)
  --gateway URL           gateway for http (default http://127.0.0.1:8080, env SHELFCTL_GATEWAY_URL)
  --api-key KEY           device API key for http (env SHELFCTL_API_KEY)
  -h, --help              this text

Kafka settings come from KAFKA_BROKERS, SCHEMA_REGISTRY_URL, KAFKA_TOPIC_NAMESPACE (as for the services).
Exit codes: 0 all sent, 1 a send failed, 2 bad usage.`;

async function main(argv: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: argv,
      options: Object.fromEntries(
        [
          'stores',
          'devices',
          'count',
          'rate',
          'seed',
          'channel',
          'duplicate',
          'degraded',
          'corrupt',
          'drift',
          'no-shelf',
          'empty-shelf',
          'close-up',
          'width',
          'height',
          'planogram-version',
          'outdated-version',
          'manifest',
          'max-inline-bytes',
          'blob-store',
          's3-endpoint',
          'gateway',
          'api-key',
        ]
          .map((name) => [name, { type: 'string' as const }])
          .concat([['help', { type: 'boolean' as const, short: 'h' } as never]]),
      ),
    }).values as Record<string, string | boolean | undefined>;
  } catch (err) {
    process.stderr.write(`device-simulator: ${(err as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values['help']) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const str = (name: string, fallback: string) =>
    typeof values[name] === 'string' ? (values[name] as string) : fallback;
  const num = (name: string, fallback: number) => {
    const n = Number(str(name, String(fallback)));
    if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a non-negative number`);
    return n;
  };
  const channel = str('channel', 'kafka');
  if (!['kafka', 'http', 'both'].includes(channel))
    throw new UsageError('--channel must be kafka, http or both');
  const plan = planCaptures({
    seed: num('seed', 1),
    stores: num('stores', 2),
    devicesPerStore: num('devices', 2),
    count: num('count', 20),
    channel: channel as CaptureChannel | 'both',
    startAt: Date.now() - num('count', 20) * 1000,
    mix: {
      duplicate: num('duplicate', 0.1),
      degraded: num('degraded', 0.1),
      corrupt: num('corrupt', 0.05),
      drift: num('drift', 0.05),
      noShelf: num('no-shelf', 0.03),
      emptyShelf: num('empty-shelf', 0.02),
      closeUp: num('close-up', 0),
    },
    planogramVersion: str('planogram-version', 'v1'),
    outdatedPlanogramVersion: str('outdated-version', 'v0'),
  });

  const sinks: Partial<Record<CaptureChannel, CaptureSink>> = {};
  if (channel !== 'http') {
    const connection = loadConfig(kafkaConnectionConfig) as KafkaConnection;
    const logger = createLogger({ service: 'device-simulator', level: 'warn', destination: process.stderr });
    const kafka = createKafkaClient(connection, 'device-simulator', logger);
    const codec = new AvroCodec(
      createSchemaRegistry(connection),
      catalogueTopicSchemas(namespacedCatalogue(connection.kafkaTopicNamespace)),
    );
    const producer = new TypedProducer(kafka, codec);
    await producer.connect();
    const blobUrl = str('blob-store', '');
    const s3Endpoint = str('s3-endpoint', '');
    sinks.kafka = new KafkaCaptureSink({
      producer,
      rawTopic: topicNames(connection.kafkaTopicNamespace).capturesRaw,
      maxInlineBytes: num('max-inline-bytes', 1024 * 1024),
      ...(blobUrl
        ? {
            blobStore: createBlobStore(blobUrl, {
              ...(s3Endpoint ? { endpoint: s3Endpoint } : {}),
              ...(process.env['S3_ACCESS_KEY_ID'] ? { accessKeyId: process.env['S3_ACCESS_KEY_ID'] } : {}),
              ...(process.env['S3_SECRET_ACCESS_KEY']
                ? { secretAccessKey: process.env['S3_SECRET_ACCESS_KEY'] }
                : {}),
            }),
          }
        : {}),
    });
  }
  if (channel !== 'kafka') {
    // A capture the gateway refuses (e.g. a corrupt one: 400) is recorded in the manifest, not the run's end.
    sinks.http = new RejectionTolerantSink(
      new HttpCaptureSink({
        gatewayUrl: str('gateway', process.env['SHELFCTL_GATEWAY_URL'] ?? 'http://127.0.0.1:8080'),
        apiKey: str('api-key', process.env['SHELFCTL_API_KEY'] ?? '') || undefined,
      }),
    );
  }
  const manifestPath = str('manifest', 'captures-manifest.jsonl');
  const manifest = new ManifestWriter(manifestPath);
  try {
    const entries = await simulateDevices(plan, {
      sinks,
      ratePerSecond: num('rate', 2),
      render: { width: num('width', 1920), height: num('height', 1080) },
      onSent: async (entry) => {
        await manifest.write(entry);
        process.stdout.write(
          `${entry.seq} ${entry.kind.padEnd(9)} ${entry.channel.padEnd(5)} ${entry.capture_id}\n`,
        );
      },
    });
    process.stdout.write(`sent ${entries.length} captures; manifest ${manifestPath}\n`);
    return 0;
  } finally {
    await manifest.close();
    for (const sink of Object.values(sinks)) await sink.close();
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`device-simulator: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = err instanceof UsageError ? 2 : 1;
  },
);
