import { blobStoreConfig } from '@shelfstream/blob-store';
import { defineConfig, envEnum, envInt, envNumber } from '@shelfstream/config';
import { z } from 'zod';

/** The preprocessing service's own settings (merged with the base service settings by runService). */
export const preprocessingConfig = defineConfig({
  // the store shared with ingestion: originals are read from it, normalized images written to it
  ...blobStoreConfig,
  groupId: {
    env: 'PREPROCESS_GROUP_ID',
    schema: z.string().min(1).optional(),
    doc: 'consumer group (default: shelfstream.preprocessing, prefixed with KAFKA_TOPIC_NAMESPACE when set)',
  },
  maxInputPixels: {
    env: 'PREPROCESS_MAX_INPUT_PIXELS',
    schema: envInt({ min: 1 }).default(50_000_000),
    doc: 'largest width x height an image header may declare (pixels); larger is a decompression bomb, not decoded',
  },
  maxLongSidePx: {
    env: 'PREPROCESS_MAX_LONG_SIDE_PX',
    schema: envInt({ min: 64, max: 8192 }).default(960),
    doc: 'long side of the working and normalized image (px); smaller images are not enlarged. Quality metrics are taken at this size: change PREPROCESS_BLUR_VARIANCE_MIN with it',
  },
  decodeFailOn: {
    env: 'PREPROCESS_DECODE_FAIL_ON',
    schema: envEnum(['truncated', 'error', 'warning']).default('error'),
    doc: "decoder strictness (sharp failOn): 'error' rejects truncated and corrupt data, 'warning' also minor damage",
  },
  jpegQuality: {
    env: 'PREPROCESS_JPEG_QUALITY',
    schema: envInt({ min: 1, max: 100 }).default(90),
    doc: 'JPEG quality of the normalized image (1-100)',
  },
  blurVarianceMin: {
    env: 'PREPROCESS_BLUR_VARIANCE_MIN',
    schema: envNumber({ min: 0 }).default(200),
    doc: 'Laplacian variance (on the working image) below which an image is DEGRADED as blurry; 200 at a 960 px long side flags what 100 did at 1280 px',
  },
  minSidePx: {
    env: 'PREPROCESS_MIN_SIDE_PX',
    schema: envInt({ min: 1 }).default(1080),
    doc: 'an image whose two sides (after orientation) are both below this (px) is DEGRADED as low resolution',
  },
  darkMeanMax: {
    env: 'PREPROCESS_DARK_MEAN_MAX',
    schema: envNumber({ min: 0, max: 255 }).default(45),
    doc: 'mean luma (0-255, working image) below which an image is DEGRADED as too dark; generated shelves are 57-222, the same at 18 % brightness 28-34',
  },
  brightMeanMin: {
    env: 'PREPROCESS_BRIGHT_MEAN_MIN',
    schema: envNumber({ min: 0, max: 255 }).default(235),
    doc: 'mean luma (0-255) above which an image is DEGRADED as too bright (generated shelves with white fixtures reach 222)',
  },
  clippedFractionMax: {
    env: 'PREPROCESS_CLIPPED_FRACTION_MAX',
    schema: envNumber({ min: 0, max: 1 }).default(0.8),
    doc: 'share of pixels at luma >= 239 above which an image is DEGRADED for clipped highlights (generated shelves with white fixtures reach 0.70: lower it for real photos)',
  },
  contrastStddevMin: {
    env: 'PREPROCESS_CONTRAST_STDDEV_MIN',
    schema: envNumber({ min: 0 }).default(12),
    doc: 'luma standard deviation below which an image is DEGRADED for low contrast (generated shelves: 17 and more)',
  },
  claheTilePx: {
    env: 'PREPROCESS_CLAHE_TILE_PX',
    schema: envInt({ min: 2, max: 512 }).default(10),
    doc: 'CLAHE tile side (px of the working image): one clipped histogram per tile, each pixel blends its 4 nearest tiles',
  },
  claheMaxSlope: {
    env: 'PREPROCESS_CLAHE_MAX_SLOPE',
    schema: envInt({ min: 0, max: 100 }).default(4),
    doc: 'CLAHE contrast limit: largest slope of a tile mapping, output levels per input level (0 = unlimited)',
  },
  grayWorldMaxGain: {
    env: 'PREPROCESS_GRAY_WORLD_MAX_GAIN',
    schema: envNumber({ min: 1, max: 8 }).default(2),
    doc: 'largest per-channel gain of the gray-world white balance',
  },
  parallelImages: {
    env: 'PREPROCESS_PARALLEL_IMAGES',
    schema: envInt({ min: 1, max: 64 }).default(2),
    doc: 'images processed at once (set to the cores; with SHARP_CONCURRENCY=1)',
  },
  maxBatchRecords: {
    env: 'PREPROCESS_MAX_BATCH_RECORDS',
    schema: envInt({ min: 1, max: 500 }).default(8),
    doc: 'records per consume-process-produce transaction (bounds the time one batch holds the partition)',
  },
  retryMaxAttempts: {
    env: 'PREPROCESS_RETRY_MAX_ATTEMPTS',
    schema: envInt({ min: 1, max: 50 }).default(5),
    doc: 'attempts at a transient blob-store failure before the record is dead-lettered (the first try counts)',
  },
  retryInitialDelayMs: {
    env: 'PREPROCESS_RETRY_INITIAL_DELAY_MS',
    schema: envInt({ min: 0 }).default(500),
    doc: 'delay before the first retry (ms), doubling per attempt up to 60000 ms, with jitter',
  },
  sharpConcurrency: {
    env: 'SHARP_CONCURRENCY',
    schema: envInt({ min: 1, max: 64 }).default(1),
    doc: 'libvips threads per image operation (1 on 2 cores: parallelism comes from PREPROCESS_PARALLEL_IMAGES)',
  },
  sharpCacheMb: {
    env: 'SHARP_CACHE_MB',
    schema: envInt({ min: 0 }).default(0),
    doc: 'libvips operation cache (MiB); 0 = off, which keeps memory flat when every image is new',
  },
  uvThreadpoolSize: {
    env: 'UV_THREADPOOL_SIZE',
    schema: envInt({ min: 1, max: 1024 }).default(4),
    doc: "libuv pool size (sharp and file I/O run there); read by Node at the pool's first use, so set it in the environment: main.ts only fills in the default",
  },
});
