import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findComposeReferenceProblems } from './compose-refs.js';

describe('findComposeReferenceProblems', () => {
  const exists = (p: string) => p === './prometheus/prometheus.yml';

  it('accepts declared volumes, existing bind mounts and known dependencies', () => {
    const doc = {
      services: {
        db: { image: 'postgres', volumes: ['pg:/var/lib/postgresql/data'] },
        app: { build: '.', depends_on: { db: { condition: 'service_healthy' } } },
        prom: { image: 'prom', volumes: ['./prometheus/prometheus.yml:/etc/p.yml:ro'], depends_on: ['app'] },
      },
      volumes: { pg: {} },
    };
    assert.deepEqual(findComposeReferenceProblems(doc, exists), []);
  });

  it('reports a missing dependency, an undeclared volume, a missing file and a service without image', () => {
    const doc = {
      services: {
        app: { depends_on: ['kafak'], volumes: ['data:/data', './grafana/missing.yaml:/x'] },
      },
    };
    assert.deepEqual(findComposeReferenceProblems(doc, exists), [
      'services.app: neither image nor build',
      'services.app.depends_on: no service "kafak"',
      'services.app.volumes: named volume "data" is not declared',
      'services.app.volumes: ./grafana/missing.yaml does not exist',
    ]);
  });
});
