import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { edgeError } from './edge/edge-tier.js';
import { codelessFailureReason, InferenceReasons } from './reasons.js';
import { remoteError } from './remote/oip-client.js';

it('documents every reason code in the README, with its retriable flag', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  for (const [code, entry] of Object.entries(InferenceReasons)) {
    assert.match(readme, new RegExp(`\\| \`${code}\`\\s*\\| ${entry.retriable}\\s*\\|`), code);
  }
});

it('labels a tier failure only with its own tier codes: a wrong one fails the typecheck', () => {
  // @ts-expect-error a remote-tier failure cannot be labelled INFERENCE_EDGE_FAILED (only remote codes).
  const remoteAsEdge = remoteError('INFERENCE_EDGE_FAILED', 'typed away');
  // @ts-expect-error an edge-tier failure cannot be labelled INFERENCE_REMOTE_TIMEOUT (only edge codes).
  const edgeAsRemote = edgeError('INFERENCE_REMOTE_TIMEOUT', 'typed away');
  assert.equal(remoteError('INFERENCE_REMOTE_FAILED', '5xx').code, 'INFERENCE_REMOTE_FAILED');
  assert.equal(edgeError('INFERENCE_EDGE_FAILED', 'onnx').code, 'INFERENCE_EDGE_FAILED');
  assert.ok(remoteAsEdge && edgeAsRemote);
});

it("labels a model call that failed without a code with the tier's own failure code", () => {
  assert.equal(codelessFailureReason('remote'), 'INFERENCE_REMOTE_FAILED');
  assert.equal(codelessFailureReason('edge'), 'INFERENCE_EDGE_FAILED');
  assert.equal(codelessFailureReason('heuristic'), 'INFERENCE_HEURISTIC_FAILED');
});
