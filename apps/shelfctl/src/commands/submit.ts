import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { idempotencyKey } from '@shelfstream/contracts';
import { type UploadResult, uploadCapture } from '@shelfstream/gateway-client';
import { type Command, Option } from 'commander';
import { CommandError, ExitCodes } from '../exit-codes.js';
import { resolveCapturedAt } from '../internal/captured-at.js';
import { collectImageFiles, imageContentType } from '../internal/image-files.js';
import {
  parseHttpUrl,
  parseInstant,
  parseNonNegativeInt,
  parsePositiveInt,
} from '../internal/parse-options.js';
import { createProgressReporter } from '../internal/progress-reporter.js';
import { runBounded } from '../internal/run-bounded.js';

interface SubmitOptions {
  gateway: string;
  apiKey?: string;
  store: string;
  aisle: string;
  fixture: string;
  device: string;
  planogramVersion: string;
  capturedAt?: number;
  concurrency: number;
  maxRetries: number;
}

/** `shelfctl submit <dir|files...>`: uploads shelf photos to the ingestion gateway. */
export function registerSubmitCommands(program: Command): void {
  program
    .command('submit')
    .description(
      'upload JPEG/PNG/WebP shelf photos to the ingestion gateway (POST /v1/captures); ' +
        'exit 0 all accepted, 4 some failed, 2 usage',
    )
    .argument('<paths...>', 'image files and/or directories (searched recursively)')
    .addOption(
      new Option('--gateway <url>', 'ingestion gateway base URL')
        .env('SHELFCTL_GATEWAY_URL')
        .default('http://127.0.0.1:8080')
        .argParser(parseHttpUrl),
    )
    .addOption(
      new Option('--api-key <key>', 'device API key, sent as "authorization: Bearer <key>"').env(
        'SHELFCTL_API_KEY',
      ),
    )
    .requiredOption('--store <id>', 'store id')
    .requiredOption('--aisle <id>', 'aisle id')
    .requiredOption('--device <id>', 'device id')
    .requiredOption('--planogram-version <v>', 'planogram version the photos were taken against')
    .addOption(
      new Option('--fixture <type>', 'fixture type')
        .choices(['GONDOLA', 'ENDCAP', 'FREEZER'])
        .default('GONDOLA'),
    )
    .option(
      '--captured-at <iso>',
      'capture instant (ISO-8601) for a single file; default EXIF DateTimeOriginal, else file mtime',
      parseInstant,
    )
    .option('--concurrency <n>', 'uploads in flight', parsePositiveInt, 4)
    .option('--max-retries <n>', 'retries per file on 429/502/503/504/network errors', parseNonNegativeInt, 5)
    .action(async (paths: string[], options: SubmitOptions) => {
      await submit(paths, options);
    });
}

async function submit(paths: string[], options: SubmitOptions): Promise<void> {
  let collected: Awaited<ReturnType<typeof collectImageFiles>>;
  try {
    collected = await collectImageFiles(paths);
  } catch (err) {
    throw new CommandError(err instanceof Error ? err.message : String(err), ExitCodes.usage);
  }
  for (const path of collected.skipped)
    process.stderr.write(`shelfctl: skipping ${path} (not JPEG/PNG/WebP)\n`);
  const { files } = collected;
  if (files.length === 0) throw new CommandError('no JPEG/PNG/WebP files to submit', ExitCodes.usage);
  if (options.capturedAt !== undefined && files.length > 1) {
    // One instant for several photos would give them one idempotency key: all but the first would be dropped.
    throw new CommandError('--captured-at applies to a single file only', ExitCodes.usage);
  }
  const progress = createProgressReporter(files.length);
  const results = await runBounded(files, options.concurrency, async (path) => {
    const result = await submitOne(path, options, (line) => progress.note(line));
    progress.tick(result.ok, `${path} ${result.ok ? (result.captureId ?? '') : result.detail}`);
    return { path, ...result };
  });
  progress.stop();
  const failed = results.filter((r) => !r.ok);
  process.stdout.write(`submitted ${files.length - failed.length}/${files.length}\n`);
  if (failed.length > 0) {
    for (const f of failed) process.stderr.write(`failed: ${f.path}: ${f.detail}\n`);
    throw new CommandError(`${failed.length} of ${files.length} files were not accepted`, ExitCodes.partial);
  }
}

async function submitOne(
  path: string,
  options: SubmitOptions,
  note: (line: string) => void,
): Promise<UploadResult & { captureId?: string }> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    return {
      ok: false,
      outcome: 'failed',
      status: null,
      attempts: 0,
      detail: `cannot read: ${(err as Error).message}`,
    };
  }
  const { capturedAt } = await resolveCapturedAt(path, bytes, options.capturedAt);
  const captureId = idempotencyKey({
    storeId: options.store,
    aisle: options.aisle,
    capturedAt,
    deviceId: options.device,
  });
  const result = await uploadCapture(
    {
      fileName: basename(path),
      contentType: imageContentType(path) ?? 'application/octet-stream',
      bytes,
      fields: {
        capture_id: captureId,
        store_id: options.store,
        aisle: options.aisle,
        fixture_type: options.fixture,
        captured_at: String(capturedAt),
        device_id: options.device,
        planogram_version: options.planogramVersion,
      },
    },
    {
      gatewayUrl: options.gateway,
      apiKey: options.apiKey,
      maxRetries: options.maxRetries,
      onRetry: ({ status, waitMs }) =>
        note(`${path}: ${status ?? 'network error'}, retrying in ${waitMs} ms`),
    },
  );
  return { ...result, captureId };
}
