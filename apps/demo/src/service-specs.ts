/** The processes of the mesh, each started as `node services/<dir>/src/main.ts <args>`. */
export const MESH_SERVICES = [
  'ingestion',
  'preprocessing',
  'model-server',
  'inference-remote',
  'inference-edge',
  'inference-heuristic',
  'scorer',
  'state-tracker',
] as const;

/** One process of the mesh. */
export type MeshServiceName = (typeof MESH_SERVICES)[number];

/** How to start one mesh process. */
export interface ServiceSpec {
  readonly name: MeshServiceName;
  /** Folder under services/. */
  readonly dir: string;
  readonly args: readonly string[];
  /** Path answering 200 when the process is ready. */
  readonly readyPath: string;
}

/** What each mesh process runs and how its readiness is probed. */
export const SERVICE_SPECS: Readonly<Record<MeshServiceName, ServiceSpec>> = Object.freeze({
  ingestion: { name: 'ingestion', dir: 'ingestion', args: [], readyPath: '/readyz' },
  preprocessing: { name: 'preprocessing', dir: 'preprocessing', args: [], readyPath: '/readyz' },
  // Waits for /healthz, not /readyz: without a model file the model server is alive but not ready, and the demo
  // goes on because the remote tier then falls back to edge/heuristic.
  'model-server': { name: 'model-server', dir: 'model-server', args: [], readyPath: '/healthz' },
  'inference-remote': {
    name: 'inference-remote',
    dir: 'inference',
    args: ['--tier', 'remote'],
    readyPath: '/readyz',
  },
  'inference-edge': {
    name: 'inference-edge',
    dir: 'inference',
    args: ['--tier', 'edge'],
    readyPath: '/readyz',
  },
  'inference-heuristic': {
    name: 'inference-heuristic',
    dir: 'inference',
    args: ['--tier', 'heuristic'],
    readyPath: '/readyz',
  },
  scorer: { name: 'scorer', dir: 'scoring', args: ['--role', 'scorer'], readyPath: '/readyz' },
  'state-tracker': {
    name: 'state-tracker',
    dir: 'scoring',
    args: ['--role', 'state-tracker'],
    readyPath: '/readyz',
  },
});
