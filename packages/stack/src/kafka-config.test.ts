import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newClusterId, renderLog4jProperties, renderServerProperties } from './kafka-config.js';

function parse(text: string): Map<string, string> {
  const entries = text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)] as const;
    });
  return new Map(entries);
}

describe('renderServerProperties', () => {
  const props = parse(
    renderServerProperties({ port: 19192, controllerPort: 19193, dataDir: '/state/kafka/data' }),
  );

  it('configures one combined KRaft broker and controller on 127.0.0.1 with the given ports', () => {
    assert.equal(props.get('process.roles'), 'broker,controller');
    assert.equal(props.get('node.id'), '1');
    assert.equal(props.get('controller.quorum.voters'), '1@127.0.0.1:19193');
    assert.equal(props.get('listeners'), 'PLAINTEXT://127.0.0.1:19192,CONTROLLER://127.0.0.1:19193');
    assert.equal(props.get('advertised.listeners'), 'PLAINTEXT://127.0.0.1:19192');
    assert.equal(props.get('controller.listener.names'), 'CONTROLLER');
    assert.equal(props.get('listener.security.protocol.map'), 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT');
  });

  it('keeps data under the state dir', () => {
    assert.equal(props.get('log.dirs'), '/state/kafka/data');
  });

  it('uses replication 1 for the internal topics, no auto-creation and no rebalance delay', () => {
    assert.equal(props.get('offsets.topic.replication.factor'), '1');
    assert.equal(props.get('transaction.state.log.replication.factor'), '1');
    assert.equal(props.get('transaction.state.log.min.isr'), '1');
    assert.equal(props.get('group.initial.rebalance.delay.ms'), '0');
    assert.equal(props.get('auto.create.topics.enable'), 'false');
    assert.equal(props.get('num.partitions'), '3');
  });

  it('says on line 1 that the file is generated', () => {
    assert.match(renderServerProperties({ port: 1, controllerPort: 2, dataDir: '/d' }), /^# generated/);
  });
});

describe('renderLog4jProperties', () => {
  it('writes the broker logs to files under the state dir log folder', () => {
    const props = parse(renderLog4jProperties('/state/logs'));
    assert.equal(props.get('log4j.rootLogger'), 'INFO, server');
    assert.equal(props.get('log4j.appender.server.File'), '/state/logs/kafka/server.log');
    assert.equal(props.get('log4j.appender.stateChange.File'), '/state/logs/kafka/state-change.log');
  });
});

describe('newClusterId', () => {
  it('makes 22-character base64url ids that never start with a dash', () => {
    const ids = Array.from({ length: 500 }, () => newClusterId());
    for (const id of ids) assert.match(id, /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    assert.equal(new Set(ids).size, ids.length);
  });
});

describe('renderServerProperties for node 2 of three', () => {
  const props = parse(
    renderServerProperties({
      nodeId: 2,
      port: 19094,
      controllerPort: 19095,
      dataDir: '/state/kafka/node-2/data',
      quorumControllerPorts: [19093, 19095, 19097],
    }),
  );

  it('names every voter of the quorum and listens on its own ports', () => {
    assert.equal(props.get('node.id'), '2');
    assert.equal(
      props.get('controller.quorum.voters'),
      '1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097',
    );
    assert.equal(props.get('listeners'), 'PLAINTEXT://127.0.0.1:19094,CONTROLLER://127.0.0.1:19095');
    assert.equal(props.get('advertised.listeners'), 'PLAINTEXT://127.0.0.1:19094');
  });

  it('replicates the internal topics three times with two in sync, as production does', () => {
    assert.equal(props.get('default.replication.factor'), '3');
    assert.equal(props.get('min.insync.replicas'), '2');
    assert.equal(props.get('offsets.topic.replication.factor'), '3');
    assert.equal(props.get('transaction.state.log.replication.factor'), '3');
    assert.equal(props.get('transaction.state.log.min.isr'), '2');
  });
});
