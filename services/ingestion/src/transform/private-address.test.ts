import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isPrivateAddress } from './private-address.js';

test('refuses loopback, RFC 1918, link-local and metadata addresses in every spelling', () => {
  for (const a of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '::1', '[::1]']) {
    assert.equal(isPrivateAddress(a), true, a);
  }
  assert.equal(isPrivateAddress('::ffff:127.0.0.1'), true);
  assert.equal(isPrivateAddress('::ffff:7f00:1'), true);
  assert.equal(isPrivateAddress('fd00::1'), true);
  assert.equal(isPrivateAddress('fe80::1'), true);
});

test('refuses NAT64 addresses, which a NAT64 gateway turns into the embedded IPv4 address (issue 12)', () => {
  assert.equal(isPrivateAddress('64:ff9b::a00:1'), true, '64:ff9b::10.0.0.1');
  assert.equal(isPrivateAddress('64:ff9b::7f00:1'), true, '64:ff9b::127.0.0.1');
  assert.equal(isPrivateAddress('64:ff9b::8.8.8.8'), true, 'the whole /96, public IPv4 included');
  assert.equal(isPrivateAddress('64:ff9b:1::a00:1'), true, 'local-use NAT64 (RFC 8215)');
});

test('refuses 6to4 addresses, which relay to the embedded IPv4 address (issue 12)', () => {
  assert.equal(isPrivateAddress('2002:a00:1::'), true, '2002:10.0.0.1::');
  assert.equal(isPrivateAddress('2002:7f00:1::1'), true);
  assert.equal(isPrivateAddress('2002:808:808::'), true, 'the whole /16');
});

test('refuses IPv4-compatible IPv6 addresses such as ::127.0.0.1', () => {
  assert.equal(isPrivateAddress('::127.0.0.1'), true);
  assert.equal(isPrivateAddress('::a00:1'), true);
});

test('lets public addresses and non-literals through', () => {
  for (const a of ['8.8.8.8', '93.184.215.14', '2606:4700::1111', '2001:db9::1', 'images.example.com']) {
    assert.equal(isPrivateAddress(a), false, a);
  }
});
