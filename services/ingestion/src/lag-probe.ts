import type { Admin } from 'kafkajs';
import type { MeshPressure, PressureProbe } from './sla-breaker.js';

/**
 * A pressure probe reading the consumer lag of `groups` on `topic` through the Kafka admin API: for each group, the
 * sum over partitions of (high watermark - committed offset), a group without a commit counting from the low
 * watermark. The result is the largest group lag.
 *
 * `latency` gives `latencyMs`, the capture->score p99 (main.ts passes createCaptureLatencyProbe); it must not throw,
 * so that a failing latency source never costs the lag reading.
 */
export function createLagProbe(
  admin: Admin,
  topic: string,
  groups: readonly string[],
  latency?: () => Promise<number | undefined>,
): PressureProbe {
  return async (): Promise<MeshPressure> => {
    const offsets = await admin.fetchTopicOffsets(topic);
    let worst = 0;
    for (const groupId of groups) {
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      let lag = 0;
      for (const p of offsets) {
        const c = committed?.partitions.find((x) => x.partition === p.partition)?.offset ?? '-1';
        const from = Number(c) >= 0 ? Number(c) : Number(p.low);
        lag += Math.max(0, Number(p.high) - from);
      }
      worst = Math.max(worst, lag);
    }
    return { lagRecords: worst, latencyMs: latency ? await latency() : undefined };
  };
}
