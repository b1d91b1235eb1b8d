import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consumerProcessOf, findKedaTriggerProblems, findLagGroupProblems } from './consumer-groups.js';
import type { Manifest } from './load-manifests.js';
import type { ServiceContainer } from './service-env.js';

describe('consumerProcessOf', () => {
  it('names the process of a service command line by tier and role', () => {
    assert.equal(
      consumerProcessOf(['services/inference/dist/main.js', '--tier', 'remote']),
      'inference-remote',
    );
    assert.equal(
      consumerProcessOf(['node', 'services/inference/dist/main.js', '--tier', 'edge']),
      'inference-edge',
    );
    assert.equal(consumerProcessOf(['services/scoring/dist/main.js']), 'scoring');
    assert.equal(
      consumerProcessOf(['services/scoring/dist/main.js', '--role', 'state-tracker']),
      'state-tracker',
    );
    assert.equal(consumerProcessOf(['services/preprocessing/dist/main.js']), 'preprocessing');
    assert.equal(consumerProcessOf(['services/model-server/dist/main.js']), undefined);
  });
});

describe('findLagGroupProblems', () => {
  const ingestion = (groups: string): ServiceContainer => ({
    where: 'Deployment/ingestion',
    service: 'ingestion',
    env: new Map([['INGEST_BREAKER_LAG_GROUPS', groups]]),
  });

  it("accepts preprocessing's real group", () => {
    assert.deepEqual(findLagGroupProblems([ingestion('shelfstream.preprocessing')]), []);
  });

  it('names a group no service joins (the old default `preprocessing`)', () => {
    assert.deepEqual(findLagGroupProblems([ingestion('shelfstream.preprocessing,preprocessing')]), [
      'Deployment/ingestion: INGEST_BREAKER_LAG_GROUPS names preprocessing, a group no service joins',
    ]);
  });
});

describe('findKedaTriggerProblems', () => {
  const manifest = (kind: string, name: string, body: Record<string, unknown>): Manifest => ({
    file: 'production.yaml',
    index: 0,
    apiVersion: 'v1',
    kind,
    name,
    body,
  });
  const remote = manifest('Deployment', 'r-inference-remote', {
    spec: {
      template: {
        spec: { containers: [{ name: 'c', args: ['services/inference/dist/main.js', '--tier', 'remote'] }] },
      },
    },
  });
  const scaledObject = (groups: string[]) =>
    manifest('ScaledObject', 'r-inference-remote', {
      spec: {
        scaleTargetRef: { name: 'r-inference-remote' },
        triggers: groups.map((consumerGroup) => ({ type: 'kafka', metadata: { consumerGroup } })),
      },
    });

  const tier1Groups = ['inference-remote', 'inference-remote-degraded', 'inference-remote-rescore'];

  it('accepts one trigger per group tier 1 joins (ready, degraded and rescore lanes)', () => {
    const so = scaledObject(tier1Groups);
    assert.deepEqual(findKedaTriggerProblems([remote, so]), []);
  });

  it('names the degraded and rescore lanes when only the ready lane triggers scaling', () => {
    assert.deepEqual(findKedaTriggerProblems([remote, scaledObject(['inference-remote'])]), [
      'ScaledObject/r-inference-remote (production.yaml#0): no Kafka trigger for inference-remote-degraded, a group inference-remote joins',
      'ScaledObject/r-inference-remote (production.yaml#0): no Kafka trigger for inference-remote-rescore, a group inference-remote joins',
    ]);
  });

  it('names the rescore lane when it has no trigger', () => {
    const so = scaledObject(['inference-remote', 'inference-remote-degraded']);
    assert.deepEqual(findKedaTriggerProblems([remote, so]), [
      'ScaledObject/r-inference-remote (production.yaml#0): no Kafka trigger for inference-remote-rescore, a group inference-remote joins',
    ]);
  });

  it('names a trigger on a group the process does not join', () => {
    const so = scaledObject([...tier1Groups, 'shelfstream-scoring']);
    assert.deepEqual(findKedaTriggerProblems([remote, so]), [
      'ScaledObject/r-inference-remote (production.yaml#0): Kafka trigger for shelfstream-scoring, a group inference-remote does not join',
    ]);
  });
});
