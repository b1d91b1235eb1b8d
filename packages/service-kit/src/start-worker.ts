import { Worker } from 'node:worker_threads';

/**
 * Starts a worker thread on a module next to the caller: the `.js` build in production, or the `.ts` source when
 * running from source through tsx, whose loader hooks are per thread and must be registered inside the worker
 * first (a worker does not inherit them from `--import tsx`).
 */
export function startWorker(moduleUrl: URL, workerData: unknown): Worker {
  if (!moduleUrl.pathname.endsWith('.ts')) return new Worker(moduleUrl, { workerData });
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(moduleUrl.href)}); });`;
  return new Worker(bootstrap, { eval: true, workerData });
}
