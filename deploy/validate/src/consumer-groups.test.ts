import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { consumerProcessOf, findLagGroupProblems } from './consumer-groups.js';
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
