import type { BlobStore } from '@shelfstream/blob-store';
import type { CaptureSubmitted } from '@shelfstream/contracts';
import type { TypedProducer } from '@shelfstream/kafka';
import type { CaptureSink } from './capture-sink.js';

/**
 * Sends captures as CaptureSubmitted records to the raw topic through a {@link TypedProducer} (key = capture id).
 * Images up to `maxInlineBytes` travel inline (`image_bytes`); larger ones are put in the blob store and sent as
 * `image_uri` (claim check). Without a blob store every image goes inline.
 */
export class KafkaCaptureSink implements CaptureSink {
  readonly #producer: TypedProducer;
  readonly #topic: string;
  readonly #blobs: BlobStore | undefined;
  readonly #maxInlineBytes: number;

  constructor(deps: {
    producer: TypedProducer;
    rawTopic: string;
    blobStore?: BlobStore;
    maxInlineBytes: number;
  }) {
    this.#producer = deps.producer;
    this.#topic = deps.rawTopic;
    this.#blobs = deps.blobStore;
    this.#maxInlineBytes = deps.maxInlineBytes;
  }

  async send(capture: CaptureSubmitted, image: Buffer, contentType: string): Promise<{ image: string }> {
    let value: CaptureSubmitted;
    let where: string;
    if (this.#blobs && image.length > this.#maxInlineBytes) {
      const { uri } = await this.#blobs.put(image, contentType);
      value = { ...capture, image_bytes: null, image_uri: uri, content_type: contentType };
      where = uri;
    } else {
      value = { ...capture, image_bytes: image, image_uri: null, content_type: contentType };
      where = 'inline';
    }
    await this.#producer.send([{ topic: this.#topic, key: capture.capture_id, value }]);
    return { image: where };
  }

  async close(): Promise<void> {
    await this.#producer.disconnect();
  }
}
