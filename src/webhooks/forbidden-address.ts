import ipaddr from 'ipaddr.js'

/**
 * Cloud metadata endpoints that are ordinary public unicast addresses, so the range rule below
 * does not catch them (169.254.169.254, fd00:ec2::254 and 100.100.100.200 are caught by it).
 */
const METADATA_ADDRESSES = new Set(['168.63.129.16'])

/**
 * Whether a webhook may not connect to this address. Only global unicast passes: loopback,
 * private (10/8, 172.16/12, 192.168/16), link-local (169.254/16, fe80::/10), unique-local
 * (fc00::/7), CGNAT (100.64/10), 0.0.0.0/8, multicast, broadcast, reserved and documentation
 * ranges, and every IPv6 form that embeds an IPv4 address (v4-mapped/compatible ::ffff:0:0/96,
 * NAT64, 6to4, Teredo) are refused, because each can lead back into the operator's network.
 * Not an IP address at all: refused too (the caller resolves names first).
 */
export function isForbiddenAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return true
  const parsed = ipaddr.parse(address)
  if (METADATA_ADDRESSES.has(parsed.toNormalizedString())) return true
  // IPv4-compatible ::a.b.c.d (deprecated) is "unicast" to ipaddr.js unless written dotted.
  if (
    parsed.kind() === 'ipv6' &&
    parsed
      .toByteArray()
      .slice(0, 12)
      .every((byte) => byte === 0)
  ) {
    return true
  }
  return parsed.range() !== 'unicast'
}

/** Whether the text is an IP literal (after removing URL brackets), not a name. */
export function isIpLiteral(host: string): boolean {
  return ipaddr.isValid(host)
}
