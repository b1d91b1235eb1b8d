import type { RecordName } from './schema-files.js';

/** How a topic's record key is formed. */
export type KeyKind = 'idempotency-key' | 'store-aisle' | 'store' | 'mixed-rollup';

/** One topic of the catalogue. Replication factor and min.insync.replicas come from the deployment's config. */
export interface TopicSpec {
  readonly name: string;
  /** The value record; `null` for retry topics, which carry the stage's input bytes unchanged. */
  readonly valueRecord: RecordName | null;
  readonly key: KeyKind;
  readonly partitions: number;
  /** `retention.ms`; -1 keeps forever. */
  readonly retentionMs: number;
  readonly cleanupPolicy: 'delete' | 'compact';
  readonly description: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The consumer stages that own a retry topic (`shelf.retry.<stage>.v1`). Inference tiers are stages of their own. */
export const RETRY_STAGES = [
  'ingestion',
  'preprocessing',
  'inference-remote',
  'inference-edge',
  'inference-heuristic',
  'scoring',
] as const;

/** A stage with a retry topic. */
export type RetryStage = (typeof RETRY_STAGES)[number];

/** The retry topic of a stage. */
export function retryTopic(stage: string): string {
  return `shelf.retry.${stage}.v1`;
}

/** Topic names used in code; the catalogue below gives their settings. */
export const Topics = {
  capturesRaw: 'shelf.captures.raw.v1',
  capturesValidated: 'shelf.captures.validated.v1',
  imagesReady: 'shelf.images.ready.v1',
  imagesDegraded: 'shelf.images.degraded.v1',
  fallbackEdge: 'shelf.inference.fallback.edge.v1',
  fallbackHeuristic: 'shelf.inference.fallback.heuristic.v1',
  rescoreRequests: 'shelf.inference.rescore.v1',
  detections: 'shelf.detections.v1',
  compliance: 'shelf.compliance.v1',
  complianceRollups: 'shelf.compliance.rollups.v1',
  planogramDrift: 'shelf.planogram.drift.v1',
  unscorable: 'shelf.captures.unscorable.v1',
  recaptureRequests: 'shelf.recapture.requests.v1',
  deadLetters: 'shelf.dlq.v1',
} as const;

const stream = (
  name: string,
  valueRecord: RecordName,
  description: string,
  overrides: Partial<TopicSpec> = {},
): TopicSpec => ({
  name,
  valueRecord,
  key: 'idempotency-key',
  partitions: 6,
  retentionMs: 7 * DAY_MS,
  cleanupPolicy: 'delete',
  description,
  ...overrides,
});

/** Every topic of the mesh, as DESIGN.md's table lists them. */
export const TOPIC_CATALOGUE: readonly TopicSpec[] = [
  stream(
    Topics.capturesRaw,
    'CaptureSubmitted',
    'captures from edge devices, the HTTP gateway and shelfctl submit',
    {
      retentionMs: 3 * DAY_MS,
    },
  ),
  stream(
    Topics.capturesValidated,
    'CaptureAccepted',
    'validated, deduplicated captures (image in the blob store)',
  ),
  stream(Topics.imagesReady, 'ImagePrepared', 'normalized images of good quality, for inference tier 1'),
  stream(
    Topics.imagesDegraded,
    'ImagePrepared',
    'degraded images (blur, low resolution): the low-priority lane',
  ),
  stream(Topics.fallbackEdge, 'FallbackRequested', 'records tier 1 could not serve, for the edge tier'),
  stream(
    Topics.fallbackHeuristic,
    'FallbackRequested',
    'records the edge tier could not serve, for the heuristic tier',
  ),
  stream(
    Topics.rescoreRequests,
    'RescoreRequested',
    'captures scored by a lower tier while tier 1 was down, sent back to tier 1 once it answers again',
  ),
  stream(Topics.detections, 'DetectionsProduced', 'detections from any inference tier, for scoring'),
  stream(Topics.compliance, 'ComplianceScored', 'per-capture compliance scores, for analytics teams', {
    retentionMs: 30 * DAY_MS,
  }),
  stream(
    Topics.complianceRollups,
    'ComplianceRollup',
    'latest aisle and store rollups (keys store_id|aisle, store_id)',
    {
      key: 'mixed-rollup',
      cleanupPolicy: 'compact',
      retentionMs: -1,
    },
  ),
  stream(
    Topics.planogramDrift,
    'VersionDrift',
    'captures held because their planogram version is not active',
    {
      retentionMs: 30 * DAY_MS,
    },
  ),
  stream(
    Topics.unscorable,
    'CaptureUnscorable',
    'captures that show no shelf to score (no score, no rollup change), with their reason code',
    {
      retentionMs: 30 * DAY_MS,
    },
  ),
  stream(
    Topics.recaptureRequests,
    'RecaptureRequested',
    'requests to a store to retake a degraded or unscorable photo',
    {
      key: 'store',
    },
  ),
  stream(Topics.deadLetters, 'DeadLetter', 'records no stage could process, with their reason code', {
    retentionMs: 30 * DAY_MS,
  }),
  ...RETRY_STAGES.map((stage) => ({
    name: retryTopic(stage),
    valueRecord: null,
    key: 'idempotency-key' as const,
    partitions: 6,
    retentionMs: 7 * DAY_MS,
    cleanupPolicy: 'delete' as const,
    description: `transient failures of ${stage}, redelivered when due (x-due-ms header)`,
  })),
];

/** The value subject of a topic (TopicNameStrategy). */
export function valueSubject(topic: string): string {
  return `${topic}-value`;
}

/** Looks a topic up in the catalogue; throws for an unknown name (a bug). */
export function topicSpec(name: string): TopicSpec {
  const spec = TOPIC_CATALOGUE.find((t) => t.name === name);
  if (!spec) throw new Error(`unknown topic ${name}`);
  return spec;
}

/** The topic names of {@link Topics}, each prefixed with a namespace. */
export type TopicNames = { readonly [K in keyof typeof Topics]: string } & {
  /** The retry topic of a stage, in the namespace. */
  readonly retry: (stage: string) => string;
};

/**
 * Topic names under a namespace: `<namespace>.<topic>`, or the plain names for the empty namespace (production).
 * Namespaces isolate test runs and staging environments that share one cluster and registry.
 */
export function topicNames(namespace = ''): TopicNames {
  const prefix = namespace === '' ? '' : `${namespace}.`;
  const names = Object.fromEntries(Object.entries(Topics).map(([k, v]) => [k, `${prefix}${v}`]));
  return {
    ...(names as { [K in keyof typeof Topics]: string }),
    retry: (stage) => `${prefix}${retryTopic(stage)}`,
  };
}

/** The catalogue with every topic name under a namespace (see {@link topicNames}). */
export function namespacedCatalogue(namespace = ''): TopicSpec[] {
  const prefix = namespace === '' ? '' : `${namespace}.`;
  return TOPIC_CATALOGUE.map((t) => ({ ...t, name: `${prefix}${t.name}` }));
}
