/** The reusable buffers of this package's synchronous operations, one per use. */
export type ScratchSlot =
  | 'clahe-luma'
  | 'clahe-equalized'
  | 'clahe-mappings'
  | 'edge-chains-up'
  | 'edge-chains-down';

const buffers = new Map<ScratchSlot, Buffer>();

/**
 * A working buffer of at least `byteLength` bytes (its first `byteLength` bytes are returned, contents undefined),
 * reused from call to call: every image of a stream has the working size, and a fresh half-megabyte buffer per step
 * costs page faults and garbage collection at this rate. Grow-only, one per slot and thread.
 *
 * Safe only inside one synchronous operation: nothing may hold the view past the function that asked for it
 * (never return it, never `await` while using it).
 */
export function scratch(slot: ScratchSlot, byteLength: number): Buffer {
  let buffer = buffers.get(slot);
  if (buffer === undefined || buffer.byteLength < byteLength) {
    buffer = Buffer.allocUnsafeSlow(byteLength);
    buffers.set(slot, buffer);
  }
  return buffer.subarray(0, byteLength);
}
