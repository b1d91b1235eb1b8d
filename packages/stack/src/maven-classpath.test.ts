import assert from 'node:assert/strict';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { resolveClasspath, unpackArtifact } from './maven-classpath.js';

let dir: string;
let fakeMvn: string;
let calls: string;
let jar: string;
let pom: string;
let cacheDir: string;

// A stand-in for mvn: logs its arguments, writes a one-jar classpath or unpacks a file.
const FAKE_MVN = `#!/bin/sh
echo "$@" >> "$FAKE_MVN_CALLS"
[ -n "$FAKE_MVN_FAIL" ] && { echo "[ERROR] Could not resolve dependencies"; exit 1; }
for arg in "$@"; do
  case "$arg" in
    -Dmdep.outputFile=*) printf '%s' "$FAKE_MVN_JAR" > "\${arg#-Dmdep.outputFile=}" ;;
    -DoutputDirectory=*) [ -z "$FAKE_MVN_EMPTY" ] && touch "\${arg#-DoutputDirectory=}/runner.jar" ;;
  esac
done
exit 0
`;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stack-maven-'));
  fakeMvn = path.join(dir, 'mvn');
  await writeFile(fakeMvn, FAKE_MVN);
  await chmod(fakeMvn, 0o755);
  calls = path.join(dir, 'calls.log');
  jar = path.join(dir, 'm2', 'some.jar');
  await mkdir(path.dirname(jar), { recursive: true });
  process.env.FAKE_MVN_CALLS = calls;
  process.env.FAKE_MVN_JAR = jar;
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await writeFile(jar, 'jar');
  await writeFile(calls, '');
  pom = path.join(dir, 'pom.xml');
  await writeFile(pom, '<project>v1</project>');
  cacheDir = path.join(dir, `cache-${Math.random()}`);
  delete process.env.FAKE_MVN_FAIL;
  delete process.env.FAKE_MVN_EMPTY;
});

const mvnCalls = async () => (await readFile(calls, 'utf8')).split('\n').filter(Boolean);

describe('resolveClasspath', () => {
  it('runs Maven once and serves later calls from the cache', async () => {
    const options = { mavenBin: fakeMvn, cacheDir };
    assert.equal(await resolveClasspath('kafka', pom, options), jar);
    assert.equal(await resolveClasspath('kafka', pom, options), jar);
    const runs = await mvnCalls();
    assert.equal(runs.length, 1);
    assert.match(runs[0] ?? '', /-B -q -f .*pom\.xml dependency:build-classpath/);
  });

  it('resolves again when the pom changes', async () => {
    const options = { mavenBin: fakeMvn, cacheDir };
    await resolveClasspath('kafka', pom, options);
    await writeFile(pom, '<project>v2</project>');
    await resolveClasspath('kafka', pom, options);
    assert.equal((await mvnCalls()).length, 2);
  });

  it('resolves again when a cached jar has gone from the local repository', async () => {
    const options = { mavenBin: fakeMvn, cacheDir };
    await resolveClasspath('kafka', pom, options);
    await rm(jar);
    await resolveClasspath('kafka', pom, options);
    assert.equal((await mvnCalls()).length, 2);
  });

  it("fails with STACK_MAVEN_FAILED carrying Maven's output", async () => {
    process.env.FAKE_MVN_FAIL = '1';
    await assert.rejects(resolveClasspath('kafka', pom, { mavenBin: fakeMvn, cacheDir }), (err: Error) => {
      assert.equal((err as { code?: string }).code, 'STACK_MAVEN_FAILED');
      assert.match(err.message, /Could not resolve dependencies/);
      return true;
    });
  });

  it('says to install Maven or set STACK_MVN when mvn is missing', async () => {
    await assert.rejects(resolveClasspath('kafka', pom, { mavenBin: path.join(dir, 'no-mvn'), cacheDir }), {
      code: 'STACK_MAVEN_FAILED',
      message: /not found: install Maven or set STACK_MVN/,
    });
  });
});

describe('unpackArtifact', () => {
  it('unpacks once and runs no Maven while the marker and the expected file are there', async () => {
    const out = path.join(dir, `out-${Math.random()}`);
    const options = { mavenBin: fakeMvn, cacheDir };
    await unpackArtifact('g:a:1:tar.gz:all', pom, out, 'runner.jar', options);
    await unpackArtifact('g:a:1:tar.gz:all', pom, out, 'runner.jar', options);
    const runs = await mvnCalls();
    assert.equal(runs.length, 1);
    assert.match(runs[0] ?? '', /dependency:unpack -Dartifact=g:a:1:tar.gz:all/);
    // Maven's own skip markers must not live beside the pom (they made a 2nd state dir unpack nothing).
    assert.match(runs[0] ?? '', new RegExp(`-DmarkersDirectory=${out}/`));
  });

  it('fails with STACK_MAVEN_FAILED when Maven leaves the expected file missing', async () => {
    process.env.FAKE_MVN_EMPTY = '1';
    const out = path.join(dir, `out-${Math.random()}`);
    await assert.rejects(unpackArtifact('g:a:1', pom, out, 'runner.jar', { mavenBin: fakeMvn, cacheDir }), {
      code: 'STACK_MAVEN_FAILED',
    });
  });
});
