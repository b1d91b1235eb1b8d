import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { stackError } from './reasons.js';

const run = promisify(execFile);

/** What the Maven helpers need. */
export interface MavenOptions {
  /** Maven executable. */
  readonly mavenBin: string;
  /** Where resolved classpaths and unpack markers are cached. */
  readonly cacheDir: string;
  /** Told when Maven actually runs (a warm start never runs it). */
  readonly log?: (line: string) => void;
}

// One mvn at a time per process: parallel resolutions into one ~/.m2 are unsafe with Maven 3.8, and
// the machine is small. Java processes still start in parallel once their jars are known.
let mavenQueue: Promise<unknown> = Promise.resolve();

function serialized<T>(task: () => Promise<T>): Promise<T> {
  const next = mavenQueue.then(task, task);
  mavenQueue = next.catch(() => undefined);
  return next;
}

/** Short content hash of a file: the cache key of what Maven derives from it. */
export async function fileHash(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex')
    .slice(0, 16);
}

/**
 * The runtime classpath of `pom` (`mvn dependency:build-classpath`), cached under `cacheDir` keyed by
 * a hash of the pom: a warm start reads the cache and runs no Maven (so needs no network).
 *
 * The cache is ignored when one of its jars has gone from ~/.m2. Throws `STACK_MAVEN_FAILED` with
 * Maven's output when resolution fails.
 */
export async function resolveClasspath(name: string, pom: string, options: MavenOptions): Promise<string> {
  const cacheFile = path.join(options.cacheDir, `${name}-${await fileHash(pom)}.classpath`);
  const cached = await readCachedClasspath(cacheFile);
  if (cached !== undefined) return cached;
  return serialized(async () => {
    const again = await readCachedClasspath(cacheFile);
    if (again !== undefined) return again;
    options.log?.(`${name}: resolving jars with Maven (${path.relative(process.cwd(), pom) || pom})`);
    await mkdir(options.cacheDir, { recursive: true });
    const partial = `${cacheFile}.${process.pid}.tmp`;
    await mvn(options.mavenBin, [
      '-f',
      pom,
      'dependency:build-classpath',
      `-Dmdep.outputFile=${partial}`,
      '-Dmdep.includeScope=runtime',
    ]);
    const classpath = (await readFile(partial, 'utf8')).trim();
    if (classpath === '') throw stackError('STACK_MAVEN_FAILED', `mvn gave an empty classpath for ${pom}`);
    await rename(partial, cacheFile);
    return classpath;
  });
}

async function readCachedClasspath(file: string): Promise<string | undefined> {
  let classpath: string;
  try {
    classpath = (await readFile(file, 'utf8')).trim();
  } catch {
    return undefined;
  }
  const jars = classpath.split(path.delimiter).filter((jar) => jar !== '');
  return jars.length > 0 && jars.every((jar) => existsSync(jar)) ? classpath : undefined;
}

/**
 * Unpacks a Maven artifact (`group:artifact:version:type:classifier`) into `outputDir` once.
 *
 * A marker file keyed by the coordinates (plus `expectedFile` being there) makes later calls a no-op
 * that runs no Maven; otherwise the folder is emptied and unpacked afresh. Throws `STACK_MAVEN_FAILED`
 * when Maven fails or `expectedFile` (relative to `outputDir`) is missing afterwards.
 */
export async function unpackArtifact(
  coordinates: string,
  pom: string,
  outputDir: string,
  expectedFile: string,
  options: MavenOptions,
): Promise<void> {
  const key = createHash('sha256').update(coordinates).digest('hex').slice(0, 16);
  const marker = path.join(outputDir, `.unpacked-${key}`);
  const expected = path.join(outputDir, expectedFile);
  const done = () => existsSync(marker) && existsSync(expected);
  if (done()) return;
  await serialized(async () => {
    if (done()) return;
    options.log?.(`unpacking ${coordinates} with Maven`);
    await rm(outputDir, { recursive: true, force: true });
    await mkdir(outputDir, { recursive: true });
    await mvn(options.mavenBin, [
      '-f',
      pom,
      'dependency:unpack',
      `-Dartifact=${coordinates}`,
      `-DoutputDirectory=${outputDir}`,
      // The plugin skips artifacts it has a marker for, by default in <pom dir>/target: a second
      // state dir would get nothing unpacked, and the repo would get a target/ folder.
      `-DmarkersDirectory=${path.join(outputDir, '.maven-markers')}`,
    ]);
    if (!existsSync(expected)) {
      throw stackError(
        'STACK_MAVEN_FAILED',
        `mvn dependency:unpack of ${coordinates} gave no ${expectedFile}`,
      );
    }
    await writeFile(marker, `${coordinates}\n`);
  });
}

async function mvn(mavenBin: string, args: readonly string[]): Promise<void> {
  try {
    // -B: no colours or progress bars in the captured output.
    await run(mavenBin, ['-B', '-q', ...args], { maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    const output = `${e.stdout ?? ''}${e.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    const hint =
      e.code === 'ENOENT' ? ` (${mavenBin} not found: install Maven or set STACK_MVN)` : `\n${output}`;
    throw stackError('STACK_MAVEN_FAILED', `mvn ${args.slice(2, 3).join(' ')} failed${hint}`, err);
  }
}
