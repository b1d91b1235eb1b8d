/**
 * The device simulator: emulates stores' capture devices with synthetic shelf photos, a mix of faults (duplicate,
 * degraded, corrupt, planogram drift, no shelf, empty shelf, close-up), sent over Kafka (CaptureSubmitted) or the HTTP gateway, and a JSONL
 * manifest of the ground truth. CLI: `pnpm --filter @shelfstream/device-simulator start -- --help`.
 *
 * @example
 * const plan = planCaptures({ seed: 1, stores: 2, devicesPerStore: 2, count: 20, channel: 'kafka', startAt: Date.now() });
 * const entries = await simulateDevices(plan, { sinks: { kafka: sink }, ratePerSecond: 5, onSent: (e) => writer.write(e) });
 */

export { GATEWAY_AUTH_HEADER, GatewayRejectedError } from '@shelfstream/gateway-client';
export type { CaptureSink } from './capture-sink.js';
export { HttpCaptureSink } from './http-sink.js';
export { KafkaCaptureSink } from './kafka-sink.js';
export { type ManifestEntry, ManifestWriter, parseManifest, toManifestEntry } from './manifest.js';
export {
  type CaptureChannel,
  type CaptureKind,
  DEFAULT_MIX,
  type MixRatios,
  type PlannedCapture,
  type PlanOptions,
  planCaptures,
} from './mix-plan.js';
export { createPacer } from './pacer.js';
export { capturesInMesh, HTTP_REJECTED, RejectionTolerantSink } from './rejection-tolerant-sink.js';
export {
  applyFault,
  CLOSE_UP_SHARE,
  cropToCentre,
  type RenderedCapture,
  type RenderOptions,
  renderCapture,
} from './render-capture.js';
export { type SimulationDeps, simulateDevices, toCaptureSubmitted } from './simulate.js';
