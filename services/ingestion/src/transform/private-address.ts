import { BlockList, isIP } from 'node:net';

// Loopback, RFC 1918, link-local (incl. the 169.254.169.254 metadata service), CGNAT, "this network", multicast and
// reserved ranges, and their IPv6 counterparts: never fetched on a submitter's behalf (SSRF).
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
// NAT64 (64:ff9b::/96, RFC 6052, and the local-use 64:ff9b:1::/48, RFC 8215) and 6to4 (2002::/16, RFC 3056) embed an
// IPv4 address that a gateway or relay then connects to: 64:ff9b::a00:1 reaches 10.0.0.1. Refused whole, public
// embedded addresses included: an image host has no reason to publish one (issue 12). `::/96` is the deprecated
// IPv4-compatible form (::127.0.0.1), `::` and `::1` fall inside it.
for (const [net, prefix] of [
  ['::', 96],
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['2002::', 16],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/**
 * True when `address` (an IP literal) is loopback, private, link-local, CGNAT, multicast or reserved, including
 * IPv4-mapped IPv6 forms such as `::ffff:127.0.0.1`, NAT64 (`64:ff9b::/96`) and 6to4 (`2002::/16`). A string that is not an IP literal returns false.
 */
export function isPrivateAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, '');
  const family = isIP(bare);
  if (family === 4) return blocked.check(bare, 'ipv4');
  if (family !== 6) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(bare);
  if (mapped) return blocked.check(mapped[1] as string, 'ipv4');
  const mappedHex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(bare);
  if (mappedHex) {
    const hi = Number.parseInt(mappedHex[1] as string, 16);
    const lo = Number.parseInt(mappedHex[2] as string, 16);
    return blocked.check(`${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`, 'ipv4');
  }
  return blocked.check(bare, 'ipv6');
}
