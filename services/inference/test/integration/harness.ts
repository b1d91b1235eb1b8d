import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { testStackEnvironment } from '@shelfstream/testkit';

/** A service started as its own process, as in a deployment. */
export interface ServiceProcess {
  readonly child: ChildProcess;
  /** Resolves with the HTTP address once the process logged `readyLine`. */
  readonly started: Promise<string>;
  output(): string;
  /** SIGTERM (or SIGKILL) and wait for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

const INFERENCE_MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const MODEL_SERVER_MAIN = fileURLToPath(new URL('../../../model-server/src/main.ts', import.meta.url));

function start(
  script: string,
  args: string[],
  env: Record<string, string>,
  readyMessage: string,
): ServiceProcess {
  const child = spawn(
    process.execPath,
    ['--conditions=@shelfstream/source', '--import', 'tsx', script, ...args],
    {
      env: { ...process.env, ...testStackEnvironment(), LOG_LEVEL: 'info', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let text = '';
  let address: string | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const started = new Promise<string>((resolve, reject) => {
    const onLine = (chunk: Buffer) => {
      text += chunk.toString();
      for (const line of chunk.toString().split('\n')) {
        const found = /"address":"([^"]+)"/.exec(line);
        if (found) address = found[1];
        if (line.includes(`"msg":"${readyMessage}"`) && address) resolve(address);
      }
    };
    child.stdout?.on('data', onLine);
    child.stderr?.on('data', (d: Buffer) => {
      text += d.toString();
    });
    void exited.then(() => reject(new Error(`${script} ${args.join(' ')} exited before starting:\n${text}`)));
  });
  started.catch(() => undefined);
  return {
    child,
    started,
    output: () => text,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
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
