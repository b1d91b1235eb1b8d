import { fileURLToPath } from 'node:url';
import { loggedAddress, type SpawnedService, spawnService } from '@shelfstream/testkit';

/** A service started as its own process, as in a deployment: `started` resolves with its HTTP address. */
export type ServiceProcess = SpawnedService<string>;

const INFERENCE_MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const MODEL_SERVER_MAIN = fileURLToPath(new URL('../../../model-server/src/main.ts', import.meta.url));

function start(
  script: string,
  args: string[],
  env: Record<string, string>,
  readyMessage: string,
): ServiceProcess {
  return spawnService({
    script,
    args,
    name: `${script} ${args.join(' ')}`,
    env: { LOG_LEVEL: 'info', ...env },
    ready: loggedAddress(readyMessage),
  });
}

/** Starts an inference tier (`--tier <tier>`). */
export function startTier(tier: string, env: Record<string, string>): ServiceProcess {
  return start(INFERENCE_MAIN, ['--tier', tier], { HTTP_PORT: '0', ...env }, 'started');
}

/** Starts the model server. */
export function startModelServer(env: Record<string, string>): ServiceProcess {
  return start(MODEL_SERVER_MAIN, [], env, 'model server listening');
}

/** Reads one counter sample from a /metrics page; 0 when absent. */
export async function counterValue(
  address: string,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const text = await (await fetch(`${address}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
      total += Number(line.split(' ').pop());
  }
  return total;
}
