/**
 * The demo and end-to-end harness: starts every service of the mesh as its own process in one topic namespace and
 * database, publishes the demo planograms, drives the device simulator and reports.
 *
 * @example
 * const session = await DemoSession.start({ repoRoot, namespace: 'demo', databaseUrl, stateDir, stackEnv,
 *   connection, stores: 3, aislesPerStore: 3, devicesPerStore: 2, seed: 7, width: 1280, height: 960 });
 * const sent = await session.sendCaptures({ count: 60, ratePerSecond: 5, channel: 'both' });
 * await session.waitTerminal([...new Set(sent.map((e) => e.capture_id))], 240_000);
 * await session.close();
 */

export type { ManifestEntry } from '@shelfstream/device-simulator';
export { capturesInMesh, HTTP_REJECTED, RejectionTolerantSink } from '@shelfstream/device-simulator';
export {
  type CaptureStateRow,
  formatProgress,
  type ProgressSnapshot,
  readCaptureStates,
  readProgress,
  TERMINAL_STATES,
} from './capture-progress.js';
export { type AisleReportRow, formatAisleReport, readAisleReport } from './compliance-report.js';
export {
  aisleId,
  aisleKey,
  buildDemoAisles,
  type DemoAisle,
  MIN_SCENE_SHARPNESS,
  STORE_FORMATS,
  seedWithFixture,
  storeId,
  toPlanogram,
} from './demo-catalog.js';
export { DemoSession, type SessionOptions } from './demo-session.js';
export { DeviceRouterSink } from './device-router-sink.js';
export { freePort } from './free-port.js';
export { groundTruthScore } from './ground-truth.js';
export { type ReportCapture, renderHtmlReport } from './html-report.js';
export { localSessionOptions } from './local-session-options.js';
export { Mesh, type MeshOptions, type MeshRuntime, meshRuntime, serviceEntryArgs } from './mesh.js';
export { dropDatabase, prepareNamespace, publishPlanograms, registerDevices } from './prepare-namespace.js';
export { readDetections } from './read-detections.js';
export { sceneSharpness } from './scene-sharpness.js';
export { MESH_SERVICES, type MeshServiceName, SERVICE_SPECS, type ServiceSpec } from './service-specs.js';
export { waitFor } from './wait-for.js';
