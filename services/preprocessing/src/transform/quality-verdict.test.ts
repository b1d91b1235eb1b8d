import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeQuality, type QualityInput } from './quality-verdict.js';

/** The service's defaults, with the seeds' blur rule (variance < 100). */
const defaults = {
  blurVarianceMin: 100,
  minSidePx: 1080,
  darkMeanMax: 45,
  brightMeanMin: 235,
  clippedFractionMax: 0.8,
  contrastStddevMin: 12,
};

/** A sharp, well-exposed full-HD photo (a generated shelf's measurements), with `over` changed. */
function photo(over: Partial<QualityInput> = {}): QualityInput {
  return {
    blurVariance: 350,
    originalWidth: 1920,
    originalHeight: 1080,
    meanLuma: 148,
    lumaStddev: 46,
    overexposedFraction: 0.014,
    ...over,
  };
}

test('a sharp, well-exposed full-HD image is OK', () => {
  assert.deepEqual(judgeQuality(photo(), defaults), { quality: 'OK', reasons: [] });
});

test('blur variance under the threshold is DEGRADED as blurry', () => {
  const verdict = judgeQuality(
    photo({ blurVariance: 99.9, originalWidth: 4000, originalHeight: 3000 }),
    defaults,
  );
  assert.deepEqual(verdict, { quality: 'DEGRADED', reasons: ['PREPROCESS_BLURRY'] });
});

test('low resolution needs both sides under the minimum', () => {
  assert.equal(judgeQuality(photo({ originalWidth: 1079, originalHeight: 2000 }), defaults).quality, 'OK');
  assert.deepEqual(judgeQuality(photo({ originalWidth: 1079, originalHeight: 1000 }), defaults).reasons, [
    'PREPROCESS_LOW_RESOLUTION',
  ]);
});

test('a blurry low-resolution image carries both reasons', () => {
  assert.deepEqual(
    judgeQuality(photo({ blurVariance: 5, originalWidth: 640, originalHeight: 480 }), defaults).reasons,
    ['PREPROCESS_BLURRY', 'PREPROCESS_LOW_RESOLUTION'],
  );
});

test('exposure: too dark, too bright, clipped highlights and low contrast are each their own flag', () => {
  const cases: [Partial<QualityInput>, string[]][] = [
    // A generated shelf at 18 % brightness (the simulator's dark capture): dark, and flat with it.
    [{ meanLuma: 28.3, lumaStddev: 7.5 }, ['PREPROCESS_TOO_DARK', 'PREPROCESS_LOW_CONTRAST']],
    [{ meanLuma: 44.9 }, ['PREPROCESS_TOO_DARK']],
    [{ meanLuma: 45 }, []],
    // A generated shelf whose white fixture fills most of the frame: bright, but not past the defaults.
    [{ meanLuma: 222.2, overexposedFraction: 0.702 }, []],
    // Washed out: bright overall, and nearly all of the frame clipped.
    [
      { meanLuma: 240.4, overexposedFraction: 0.85 },
      ['PREPROCESS_TOO_BRIGHT', 'PREPROCESS_HIGHLIGHTS_CLIPPED'],
    ],
    // Glare over most of a normally lit shelf: clipped, not bright.
    [{ meanLuma: 220, overexposedFraction: 0.81 }, ['PREPROCESS_HIGHLIGHTS_CLIPPED']],
    // Fog or a grey wall: mid-grey and flat.
    [{ meanLuma: 131.9, lumaStddev: 6.9 }, ['PREPROCESS_LOW_CONTRAST']],
    // A black frame (lens cap) and a white one.
    [
      { meanLuma: 0, lumaStddev: 0, blurVariance: 0 },
      ['PREPROCESS_BLURRY', 'PREPROCESS_TOO_DARK', 'PREPROCESS_LOW_CONTRAST'],
    ],
    [
      { meanLuma: 255, lumaStddev: 0, blurVariance: 0, overexposedFraction: 1 },
      [
        'PREPROCESS_BLURRY',
        'PREPROCESS_TOO_BRIGHT',
        'PREPROCESS_HIGHLIGHTS_CLIPPED',
        'PREPROCESS_LOW_CONTRAST',
      ],
    ],
  ];
  for (const [over, reasons] of cases) {
    const verdict = judgeQuality(photo(over), defaults);
    assert.deepEqual(verdict.reasons, reasons, JSON.stringify(over));
    assert.equal(verdict.quality, reasons.length > 0 ? 'DEGRADED' : 'OK');
  }
});

test('the thresholds are configurable', () => {
  const strict = {
    ...defaults,
    blurVarianceMin: 1000,
    minSidePx: 2000,
    darkMeanMax: 150,
    contrastStddevMin: 50,
  };
  assert.deepEqual(judgeQuality(photo(), strict).reasons, [
    'PREPROCESS_BLURRY',
    'PREPROCESS_LOW_RESOLUTION',
    'PREPROCESS_TOO_DARK',
    'PREPROCESS_LOW_CONTRAST',
  ]);
});
