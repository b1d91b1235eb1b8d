import { schemaRegistryUrl } from './apicurio.js';
import type { StackConfig } from './config.js';
import { kafkaBrokerAddresses } from './kafka.js';
import { s3Endpoint } from './s3proxy.js';

/** How clients reach the local stack (the same values {@link stackEnvironment} exports). */
export interface StackEndpoints {
  readonly kafkaBrokers: string[];
  /** Apicurio's Confluent-compatible API, e.g. `http://127.0.0.1:18081/apis/ccompat/v7`. */
  readonly schemaRegistryUrl: string;
  readonly databaseUrl: string;
  readonly s3: {
    readonly endpoint: string;
    readonly region: 'us-east-1';
    readonly bucket: string;
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    /** S3Proxy serves buckets as paths, not virtual hosts. */
    readonly forcePathStyle: true;
  };
}

/** The endpoints of the stack `config` describes (pure: does not check that anything runs). */
export function stackEndpoints(config: StackConfig): StackEndpoints {
  return {
    kafkaBrokers: kafkaBrokerAddresses(config),
    schemaRegistryUrl: schemaRegistryUrl(config),
    databaseUrl: config.databaseUrl,
    s3: {
      endpoint: s3Endpoint(config),
      region: 'us-east-1',
      bucket: config.s3.bucket,
      accessKeyId: config.s3.identity,
      secretAccessKey: config.s3.credential,
      forcePathStyle: true,
    },
  };
}

/** The environment variables services read to reach this stack. */
export function stackEnvironment(config: StackConfig): Record<string, string> {
  const endpoints = stackEndpoints(config);
  return {
    KAFKA_BROKERS: endpoints.kafkaBrokers.join(','),
    // Topics the services provision get the cluster's shape (a single node cannot hold more than one replica).
    KAFKA_REPLICATION_FACTOR: String(config.kafkaBrokers),
    KAFKA_MIN_INSYNC_REPLICAS: config.kafkaBrokers === 3 ? '2' : '1',
    SCHEMA_REGISTRY_URL: endpoints.schemaRegistryUrl,
    DATABASE_URL: endpoints.databaseUrl,
    S3_ENDPOINT: endpoints.s3.endpoint,
    S3_REGION: endpoints.s3.region,
    S3_BUCKET: endpoints.s3.bucket,
    S3_ACCESS_KEY_ID: endpoints.s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: endpoints.s3.secretAccessKey,
  };
}
