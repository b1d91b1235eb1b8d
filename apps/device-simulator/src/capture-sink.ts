import type { CaptureSubmitted } from '@shelfstream/contracts';

/** Where the simulator sends a capture. Returns where the image went (`inline`, a blob URI, or `http`). */
export interface CaptureSink {
  send(capture: CaptureSubmitted, image: Buffer, contentType: string): Promise<{ image: string }>;
  close(): Promise<void>;
}
