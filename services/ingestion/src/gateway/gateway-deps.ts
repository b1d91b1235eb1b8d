import type { BlobStore } from '@shelfstream/blob-store';
import type { CaptureSubmitted } from '@shelfstream/contracts';
import type { Logger } from '@shelfstream/observability';
import type { DedupLedger } from '../dedup-ledger.js';
import type { DeviceRegistry } from '../device-registry.js';
import type { SlaBreaker } from '../sla-breaker.js';
import type { SniffLimits } from '../transform/sniff-image.js';
import type { UriRules } from '../transform/uri-rules.js';

/** What the gateway needs. */
export interface GatewayDeps {
  readonly registry: DeviceRegistry;
  readonly ledger: DedupLedger;
  readonly blobStore: BlobStore;
  readonly breaker: SlaBreaker;
  /** Produces a CaptureSubmitted to the raw topic with key = capture id (TypedProducer). */
  readonly publish: (capture: CaptureSubmitted) => Promise<void>;
  readonly logger: Logger;
  readonly onDuplicate?: (captureId: string) => void;
  readonly settings: SniffLimits & {
    readonly authMode: 'api-key' | 'hmac' | 'either';
    readonly signatureWindowMs: number;
    readonly maxImageBytes: number;
    readonly maxClockSkewMs: number;
    readonly maxCaptureAgeMs: number;
    readonly rateLimitPerStore: number;
    readonly rateWindowMs: number;
    readonly uri: UriRules;
  };
  readonly now?: () => number;
}
