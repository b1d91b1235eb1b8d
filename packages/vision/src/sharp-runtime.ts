import sharp from 'sharp';

/** Options of {@link configureSharp}. */
export interface SharpRuntimeOptions {
  /** libvips worker threads per image operation. On a 2-core machine, 1 (images run in parallel instead). */
  readonly concurrency: number;
  /** libvips operation cache (MiB); 0 disables it, which keeps memory flat when every image is new. */
  readonly cacheMemoryMb: number;
}

/** What {@link configureSharp} left in effect. */
export interface SharpRuntimeInfo {
  readonly concurrency: number;
  readonly cacheMemoryMb: number;
  /** libuv's pool size as this process was started with (sharp's async work runs there). */
  readonly uvThreadpoolSize: number;
  readonly simd: boolean;
}

/**
 * Sizes sharp for the machine: libvips threads per operation and the operation cache. Pair it with
 * `UV_THREADPOOL_SIZE` (set before the process's first async I/O): images in flight x concurrency should not
 * exceed the cores by much (PITFALLS.md).
 */
export function configureSharp(options: SharpRuntimeOptions): SharpRuntimeInfo {
  sharp.concurrency(options.concurrency);
  if (options.cacheMemoryMb === 0) sharp.cache(false);
  else sharp.cache({ memory: options.cacheMemoryMb, files: 0, items: 100 });
  return {
    concurrency: sharp.concurrency(),
    cacheMemoryMb: options.cacheMemoryMb,
    uvThreadpoolSize: Number(process.env['UV_THREADPOOL_SIZE'] ?? 4),
    simd: sharp.simd(),
  };
}
