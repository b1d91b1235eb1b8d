import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { CaptureSubmitted } from '@shelfstream/contracts';
import { namespacedCatalogue, topicNames } from '@shelfstream/contracts';
import { createPool, type Pool, parseSecretKey } from '@shelfstream/db';
import {
  type CaptureSink,
  HttpCaptureSink,
  KafkaCaptureSink,
  type ManifestEntry,
  type MixRatios,
  planCaptures,
  RejectionTolerantSink,
  simulateDevices,
} from '@shelfstream/device-simulator';
import { type ReprocessDriftReport, reprocessDrift } from '@shelfstream/drift-reprocess';
import {
  AvroCodec,
  catalogueTopicSchemas,
  createKafkaClient,
  createSchemaRegistry,
  type KafkaConnection,
  TypedProducer,
} from '@shelfstream/kafka';
import type { Logger } from '@shelfstream/observability';
import { type ProgressSnapshot, readProgress } from './capture-progress.js';
import { aisleKey, buildDemoAisles, type DemoAisle, toPlanogram } from './demo-catalog.js';
import { DeviceRouterSink } from './device-router-sink.js';
import { harnessLogger } from './harness-logger.js';
import { Mesh, type MeshRuntime } from './mesh.js';
import { prepareNamespace, publishPlanograms, registerDevices } from './prepare-namespace.js';
import { sceneSharpness } from './scene-sharpness.js';
import type { MeshServiceName } from './service-specs.js';

/** Options of a demo / e2e session. */
export interface SessionOptions {
  readonly repoRoot: string;
  readonly namespace: string;
  readonly databaseUrl: string;
  /** Logs and blobs go under here (`logs/`, `blobs/`). */
  readonly stateDir: string;
  /** Stack environment for the services (KAFKA_BROKERS, SCHEMA_REGISTRY_URL, ...). */
  readonly stackEnv: Readonly<Record<string, string>>;
  readonly connection: KafkaConnection;
  readonly stores: number;
  readonly aislesPerStore: number;
  readonly devicesPerStore: number;
  readonly seed: number;
  readonly width: number;
  readonly height: number;
  readonly services?: readonly MeshServiceName[];
  readonly extraEnv?: Readonly<Record<string, string>>;
  readonly logger?: Logger;
  /** What the mesh's processes run (see MeshOptions.runtime). @default 'source' */
  readonly runtime?: MeshRuntime;
  /** Extra node options of every mesh process (see MeshOptions.nodeArgs). */
  readonly nodeArgs?: readonly string[];
}

/**
 * A prepared namespace + database with the mesh running: planograms of the demo aisles published (v1), devices
 * registered, a Kafka producer for captures. The reusable harness of `pnpm demo` and test/e2e.
 */
export class DemoSession {
  readonly pool: Pool;
  readonly mesh: Mesh;
  readonly aisles: readonly DemoAisle[];
  readonly apiKeys: ReadonlyMap<string, string>;
  readonly kafka: ReturnType<typeof createKafkaClient>;
  readonly codec: AvroCodec;
  readonly producer: TypedProducer;
  readonly topics: ReturnType<typeof topicNames>;
  readonly options: SessionOptions;

  private constructor(init: {
    pool: Pool;
    mesh: Mesh;
    aisles: DemoAisle[];
    apiKeys: Map<string, string>;
    kafka: ReturnType<typeof createKafkaClient>;
    codec: AvroCodec;
    producer: TypedProducer;
    options: SessionOptions;
  }) {
    this.pool = init.pool;
    this.mesh = init.mesh;
    this.aisles = init.aisles;
    this.apiKeys = init.apiKeys;
    this.kafka = init.kafka;
    this.codec = init.codec;
    this.producer = init.producer;
    this.options = init.options;
    this.topics = topicNames(init.options.namespace);
  }

  /** Prepares everything and starts the mesh; on failure stops what it started and rethrows. */
  static async start(
    options: SessionOptions,
    log: (line: string) => void = () => undefined,
  ): Promise<DemoSession> {
    const logger = options.logger ?? harnessLogger(options.stateDir, 'demo');
    log(`database ${new URL(options.databaseUrl).pathname.slice(1)}, topic namespace ${options.namespace}`);
    await prepareNamespace(options.databaseUrl, options.connection, logger);
    const pool = createPool(options.databaseUrl, { max: 3, applicationName: 'demo' });
    let mesh: Mesh | undefined;
    try {
      const aisles = await buildDemoAisles({ ...options, sharpness: sceneSharpness });
      await publishPlanograms(
        pool,
        aisles.map((a) => a.planogram),
      );
      log(`published ${aisles.length} planograms over ${options.stores} stores`);
      const devices = [];
      for (let s = 1; s <= options.stores; s++)
        for (let d = 1; d <= options.devicesPerStore; d++) {
          const storeIdValue = `store-${String(s).padStart(3, '0')}`;
          devices.push({ storeId: storeIdValue, deviceId: `${storeIdValue}-cam-${d}` });
        }
      // The key that encrypts the devices' signing secrets at rest: the caller's, else one for this session. The
      // ingestion service gets the same value below.
      const secretKeyText =
        options.extraEnv?.['INGEST_DEVICE_SECRET_KEY'] ??
        process.env['INGEST_DEVICE_SECRET_KEY'] ??
        randomBytes(32).toString('hex');
      const secretKey = parseSecretKey(secretKeyText);
      if (!secretKey)
        throw new Error('INGEST_DEVICE_SECRET_KEY must be a 32-byte key: 64 hex digits or base64');
      const apiKeys = await registerDevices(pool, devices, secretKey);
      log(`starting services (logs in ${path.join(options.stateDir, 'logs')})`);
      mesh = await Mesh.start({
        repoRoot: options.repoRoot,
        namespace: options.namespace,
        databaseUrl: options.databaseUrl,
        blobDir: path.join(options.stateDir, 'blobs'),
        logDir: path.join(options.stateDir, 'logs'),
        stackEnv: options.stackEnv,
        ...(options.services ? { services: options.services } : {}),
        ...(options.runtime ? { runtime: options.runtime } : {}),
        ...(options.nodeArgs ? { nodeArgs: options.nodeArgs } : {}),
        extraEnv: {
          INGEST_RATE_LIMIT_PER_STORE: '100000',
          INGEST_DEVICE_SECRET_KEY: secretKeyText,
          // The whole mesh on one small machine is far over the production 2.5 s capture->score SLA (p99 about 36 s
          // for the 120-capture demo on 2 cores): shedding on latency would only stall the run for the length of the
          // latency window. The lag rule stays.
          INGEST_BREAKER_MAX_LATENCY_MS: String(60 * 60_000),
          ...options.extraEnv,
        },
      });
      const kafka = createKafkaClient(options.connection, 'demo', logger);
      const codec = new AvroCodec(
        createSchemaRegistry(options.connection),
        catalogueTopicSchemas(namespacedCatalogue(options.namespace)),
      );
      const producer = new TypedProducer(kafka, codec);
      await producer.connect();
      return new DemoSession({ pool, mesh, aisles, apiKeys, kafka, codec, producer, options });
    } catch (err) {
      await mesh?.stop();
      await pool.end();
      throw err;
    }
  }

  /**
   * Plans and sends `count` captures (device simulator mix; every photo of an aisle shows that aisle's scene, so
   * the published planogram is the one it was generated against). Drift captures claim `driftVersion`.
   */
  async sendCaptures(options: {
    count: number;
    ratePerSecond: number;
    channel: 'kafka' | 'http' | 'both';
    mix?: MixRatios;
    driftVersion?: string;
    startAt?: number;
    onSent?: (entry: ManifestEntry, image: Buffer) => Promise<void> | void;
  }): Promise<ManifestEntry[]> {
    const o = this.options;
    const seedOf = new Map(this.aisles.map((a) => [aisleKey(a.storeId, a.aisle), a.sceneSeed]));
    const plan = planCaptures({
      seed: o.seed,
      stores: o.stores,
      devicesPerStore: o.devicesPerStore,
      aislesPerStore: o.aislesPerStore,
      count: options.count,
      channel: options.channel,
      startAt: options.startAt ?? Date.now() - options.count * 1000,
      ...(options.mix ? { mix: options.mix } : {}),
      planogramVersion: 'v1',
      outdatedPlanogramVersion: options.driftVersion ?? 'v2',
    }).map((p) => ({
      ...p,
      sceneSeed: seedOf.get(aisleKey(p.storeId, p.aisle)) ?? p.sceneSeed,
      // The gateway rejects a truncated image synchronously (400, nothing enters the mesh), so corrupt originals go
      // over Kafka where they reach the DLQ; an HTTP duplicate of one is recorded as `http-rejected`.
      ...(p.kind === 'corrupt' ? { channel: 'kafka' as const } : {}),
    }));
    const images = new Map<string, Buffer>();
    const remember = (capture: CaptureSubmitted, image: Buffer) => void images.set(capture.capture_id, image);
    const httpSinks = new Map<string, CaptureSink>();
    for (const [deviceId, apiKey] of this.apiKeys)
      httpSinks.set(
        deviceId,
        new RejectionTolerantSink(new HttpCaptureSink({ gatewayUrl: this.mesh.gatewayUrl, apiKey })),
      );
    const kafkaSink = new KafkaCaptureSink({
      producer: this.producer,
      rawTopic: this.topics.capturesRaw,
      maxInlineBytes: 4 * 1024 * 1024,
    });
    const sinks = {
      kafka: new DeviceRouterSink(new Map([['*', kafkaSink]]), remember),
      http: new DeviceRouterSink(httpSinks, remember),
    };
    try {
      return await simulateDevices(plan, {
        sinks,
        ratePerSecond: options.ratePerSecond,
        render: { width: o.width, height: o.height },
        onSent: (entry) => options.onSent?.(entry, images.get(entry.capture_id) ?? Buffer.alloc(0)),
      });
    } finally {
      for (const sink of httpSinks.values()) await sink.close();
    }
  }

  /** Polls the state tracker until every capture is terminal or `timeoutMs` passes; returns the last snapshot. */
  async waitTerminal(
    captureIds: readonly string[],
    timeoutMs: number,
    onProgress: (p: ProgressSnapshot) => void = () => undefined,
    intervalMs = 2000,
  ): Promise<ProgressSnapshot> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const p = await readProgress(this.pool, captureIds);
      onProgress(p);
      if (p.terminal >= captureIds.length || Date.now() > deadline) return p;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }

  /**
   * Publishes version 2 (one more facing expected at the end of the bottom shelf) of the given aisles, then
   * republishes the captures held for drift whose version is now active (what `shelfctl reprocess drift` does).
   */
  async publishVersion2AndReprocess(aisleKeys: ReadonlySet<string>): Promise<ReprocessDriftReport> {
    const v2 = this.aisles
      .filter((a) => aisleKeys.has(aisleKey(a.storeId, a.aisle)))
      .map((a) => toPlanogram(a.scene, { storeId: a.storeId, aisle: a.aisle, version: 2, variant: 1 }));
    await publishPlanograms(this.pool, v2);
    return reprocessDrift({ pool: this.pool, producer: this.producer, topics: this.topics });
  }

  /** Stops the mesh and closes clients. Idempotent enough for finally blocks. */
  async close(): Promise<void> {
    await this.mesh.stop();
    await this.producer.disconnect().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }
}
