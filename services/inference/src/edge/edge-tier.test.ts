import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import sharp from 'sharp';
import { writeTinyYoloModel } from '../../test/fixtures/tiny-yolo-model.js';
import { EdgeTier } from './edge-tier.js';

const dir = mkdtempSync(join(tmpdir(), 'edge-tier-'));
const REAL_MODEL = resolve(import.meta.dirname, '../../../../models/shelf-detector.onnx');
let tier: EdgeTier;
let image: Buffer;

before(async () => {
  const { modelPath } = writeTinyYoloModel(dir);
  writeFileSync(
    join(dir, 'routing.json'),
    JSON.stringify({ GONDOLA: 'tiny-yolo.onnx', FREEZER: 'missing.onnx', ENDCAP: 'corrupt.onnx' }),
  );
  writeFileSync(join(dir, 'corrupt.onnx'), 'not a model');
  void modelPath;
  tier = new EdgeTier({
    routingTablePath: join(dir, 'routing.json'),
    threads: 1,
    scoreThreshold: 0.25,
    iouThreshold: 0.6,
  });
  image = await sharp({
    create: { width: 640, height: 480, channels: 3, background: { r: 180, g: 90, b: 40 } },
  })
    .jpeg()
    .toBuffer();
});
after(async () => {
  await tier.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('EdgeTier (onnxruntime in one worker thread)', () => {
  it("detects a batch through the route's model, with model id, checksum version and timings", async () => {
    const out = await tier.runBatch('GONDOLA', [image, image, image]);
    assert.equal(out.images.length, 3);
    assert.ok((out.images[0]?.detections.length ?? 0) > 0);
    assert.equal(out.modelId, 'tiny-yolo');
    assert.match(out.modelVersion, /^[0-9a-f]{12}$/);
    assert.ok(out.inferenceMs >= 0);
  });

  it('reports a missing model file as INFERENCE_MODEL_UNAVAILABLE', async () => {
    await assert.rejects(tier.runBatch('FREEZER', [image]), { code: 'INFERENCE_MODEL_UNAVAILABLE' });
  });

  it('reports a corrupt model file as INFERENCE_MODEL_UNAVAILABLE and keeps serving other routes', async () => {
    await assert.rejects(tier.runBatch('ENDCAP', [image]), { code: 'INFERENCE_MODEL_UNAVAILABLE' });
    assert.equal((await tier.runBatch('GONDOLA', [image])).images.length, 1);
  });

  it('reports a route missing from the routing table as INFERENCE_UNKNOWN_ROUTE', async () => {
    await assert.rejects(tier.runBatch('CHECKOUT', [image]), { code: 'INFERENCE_UNKNOWN_ROUTE' });
  });

  it('reports an undecodable image as INFERENCE_IMAGE_DECODE_FAILED', async () => {
    await assert.rejects(tier.runBatch('GONDOLA', [Buffer.from('nope')]), {
      code: 'INFERENCE_IMAGE_DECODE_FAILED',
    });
  });

  it('keeps the event loop free while a long batch runs (heartbeats and /healthz keep flowing)', {
    skip: existsSync(REAL_MODEL) ? false : `needs ${REAL_MODEL} (not there yet): a long enough batch`,
  }, async () => {
    const real = new EdgeTier({
      routingTablePath: join(dir, 'real-routing.json'),
      threads: 1,
      scoreThreshold: 0.25,
      iouThreshold: 0.6,
    });
    writeFileSync(join(dir, 'real-routing.json'), JSON.stringify({ GONDOLA: REAL_MODEL }));
    try {
      await real.runBatch('GONDOLA', [image]);
      let worst = 0;
      let last = performance.now();
      const tick = setInterval(() => {
        const now = performance.now();
        worst = Math.max(worst, now - last);
        last = now;
      }, 5);
      const started = performance.now();
      await real.runBatch('GONDOLA', Array(8).fill(image));
      const elapsed = performance.now() - started;
      clearInterval(tick);
      assert.ok(elapsed > 100, `batch took ${elapsed} ms: too short to show anything`);
      // Relative, not a fixed 50 ms: on a loaded 2-core machine the scheduler alone stalls a timer ~100 ms, while a
      // batch run on this thread would stall it for (nearly) the whole batch.
      assert.ok(
        worst < elapsed / 4,
        `event loop stalled ${worst.toFixed(0)} ms during a ${elapsed.toFixed(0)} ms batch`,
      );
    } finally {
      await real.close();
    }
  });
});
