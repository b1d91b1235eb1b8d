import type { CaptureSubmitted } from '@shelfstream/contracts';
import type { CaptureSink } from '@shelfstream/device-simulator';

/**
 * A sink that hands each capture to its device's own sink: the gateway authenticates per device (a key is only
 * valid for its own store and device), so HTTP captures of several devices need one HttpCaptureSink each.
 * `onSend` sees every capture with its image bytes (the demo keeps them for the HTML report).
 */
export class DeviceRouterSink implements CaptureSink {
  readonly #sinks: ReadonlyMap<string, CaptureSink>;
  readonly #onSend: (capture: CaptureSubmitted, image: Buffer) => Promise<void> | void;

  constructor(
    sinks: ReadonlyMap<string, CaptureSink>,
    onSend: (capture: CaptureSubmitted, image: Buffer) => Promise<void> | void = () => undefined,
  ) {
    this.#sinks = sinks;
    this.#onSend = onSend;
  }

  async send(capture: CaptureSubmitted, image: Buffer, contentType: string): Promise<{ image: string }> {
    const sink = this.#sinks.get(capture.device_id) ?? this.#sinks.get('*');
    if (!sink) throw new Error(`no sink for device ${capture.device_id}`);
    await this.#onSend(capture, image);
    return sink.send(capture, image, contentType);
  }

  async close(): Promise<void> {
    for (const sink of new Set(this.#sinks.values())) await sink.close();
  }
}
