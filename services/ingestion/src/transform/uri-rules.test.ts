import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPrivateAddress } from './private-address.js';
import { checkImageUri, type UriRules } from './uri-rules.js';

const rules: UriRules = {
  allowedSchemes: ['s3', 'https', 'file'],
  allowedHosts: ['images.example.com', '*.cdn.example.net'],
  allowedBuckets: ['shelf-uploads'],
  fileRoot: '/srv/captures',
  allowPrivateAddresses: false,
};
const code = (uri: string, r: UriRules = rules) => {
  const v = checkImageUri(uri, r);
  return v.ok ? 'OK' : v.code;
};

test('accepts allowlisted https hosts, s3 buckets and files under the root', () => {
  assert.equal(code('https://images.example.com/a.jpg'), 'OK');
  assert.equal(code('https://eu.cdn.example.net/a.jpg'), 'OK');
  assert.equal(code('s3://shelf-uploads/store-1/a.jpg'), 'OK');
  assert.equal(code('file:///srv/captures/store-1/a.jpg'), 'OK');
});

test('refuses SSRF targets: loopback, metadata service, RFC 1918, IPv6 loopback and mapped forms', () => {
  for (const uri of [
    'https://127.0.0.1/a.jpg',
    'https://169.254.169.254/latest/meta-data/',
    'https://10.1.2.3/a.jpg',
    'https://192.168.0.10/a.jpg',
    'https://[::1]/a.jpg',
    'https://[::ffff:127.0.0.1]/a.jpg',
    'https://localhost/a.jpg',
  ]) {
    assert.equal(code(uri), 'INGEST_URI_PRIVATE_ADDRESS', uri);
  }
});

test('refuses disallowed schemes, hosts and buckets with their own codes', () => {
  assert.equal(code('http://images.example.com/a.jpg'), 'INGEST_URI_SCHEME_NOT_ALLOWED');
  assert.equal(code('ftp://images.example.com/a.jpg'), 'INGEST_URI_SCHEME_NOT_ALLOWED');
  assert.equal(code('gopher://x/'), 'INGEST_URI_SCHEME_NOT_ALLOWED');
  assert.equal(code('https://evil.example.org/a.jpg'), 'INGEST_URI_HOST_NOT_ALLOWED');
  assert.equal(code('s3://other-bucket/a.jpg'), 'INGEST_URI_HOST_NOT_ALLOWED');
  assert.equal(code('not a uri'), 'INGEST_URI_INVALID');
  assert.equal(code('https://user:pw@images.example.com/a.jpg'), 'INGEST_URI_INVALID');
});

test('refuses file:// traversal out of the root, raw or percent-encoded, and file URIs without a root', () => {
  assert.equal(code('file:///srv/captures/../../etc/passwd'), 'INGEST_URI_PATH_TRAVERSAL');
  assert.equal(code('file:///srv/captures/%2e%2e/secret.jpg'), 'INGEST_URI_PATH_TRAVERSAL');
  assert.equal(code('file:///etc/passwd'), 'INGEST_URI_PATH_TRAVERSAL');
  assert.equal(code('file:///srv/captures-evil/a.jpg'), 'INGEST_URI_PATH_TRAVERSAL');
  assert.equal(
    code('file:///srv/captures/a.jpg', { ...rules, fileRoot: undefined }),
    'INGEST_URI_SCHEME_NOT_ALLOWED',
  );
});

test('private-address check covers IPv4, IPv6 and IPv4-mapped IPv6 and passes public addresses', () => {
  assert.equal(isPrivateAddress('172.20.0.1'), true);
  assert.equal(isPrivateAddress('100.64.1.1'), true);
  assert.equal(isPrivateAddress('fd00::1'), true);
  assert.equal(isPrivateAddress('fe80::1'), true);
  assert.equal(isPrivateAddress('::ffff:a9fe:a9fe'), true);
  assert.equal(isPrivateAddress('93.184.216.34'), false);
  assert.equal(isPrivateAddress('2606:4700::1111'), false);
});
