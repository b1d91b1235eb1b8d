import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCliArgs, USAGE } from './cli-args.js';

describe('parseCliArgs', () => {
  it('reads out, count, seed and size', () => {
    assert.deepEqual(parseCliArgs(['--out', 'd', '--count', '5', '--seed', '9', '--size', '1920x1080']), {
      out: 'd',
      count: 5,
      seed: 9,
      width: 1920,
      height: 1080,
      empty: false,
      help: false,
    });
  });

  it('reads --empty, off by default', () => {
    assert.equal(parseCliArgs(['--out', 'd']).empty, false);
    assert.equal(parseCliArgs(['--out', 'd', '--empty']).empty, true);
  });

  it('documents every flag it accepts in USAGE', () => {
    for (const flag of ['--out', '--count', '--seed', '--size', '--empty', '--help'])
      assert.ok(USAGE.includes(`  ${flag} `), `${flag} is missing from USAGE`);
  });

  it('defaults to 100 scenes of 1280x960 from seed 1', () => {
    const a = parseCliArgs(['--out', 'x']);
    assert.equal(a.count, 100);
    assert.equal(a.seed, 1);
    assert.equal(a.width, 1280);
    assert.equal(a.height, 960);
  });

  it('accepts --help without --out', () => {
    assert.equal(parseCliArgs(['--help']).help, true);
  });

  it('rejects a malformed size, a missing folder and unknown flags with CLI_BAD_ARGUMENT', () => {
    for (const argv of [
      ['--out', 'd', '--size', '12x'],
      ['--count', '3'],
      ['--out', 'd', '--bogus'],
    ]) {
      assert.throws(
        () => parseCliArgs(argv),
        (err: { code?: string }) => err.code === 'CLI_BAD_ARGUMENT',
      );
    }
  });
});
