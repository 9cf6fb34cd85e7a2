import ipaddr from 'ipaddr.js'

type Address = ipaddr.IPv4 | ipaddr.IPv6

/**
 * PWGUARD_WEBHOOK_ALLOWED_HOSTS parsed: hostnames (exact, case-insensitive) and CIDRs (a bare
 * address is its own /32 or /128). Webhook targets listed here may be internal: the operator
 * vouches for them. Empty by default, so no tenant can reach an internal address.
 */
export interface WebhookAllowList {
  hosts: ReadonlySet<string>
  ranges: readonly [Address, number][]
}

export const EMPTY_ALLOW_LIST: WebhookAllowList = { hosts: new Set(), ranges: [] }

/** Throws a TypeError naming the first entry that is neither a hostname nor an address/CIDR. */
export function parseWebhookAllowList(entries: readonly string[]): WebhookAllowList {
  const hosts = new Set<string>()
  const ranges: [Address, number][] = []
  for (const raw of entries) {
    const entry = raw.trim()
    if (entry === '') continue
    const bare = stripBrackets(entry)
    if (ipaddr.isValid(bare)) {
      const address = ipaddr.parse(bare)
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128])
    } else if (entry.includes('/')) {
      try {
        ranges.push(ipaddr.parseCIDR(entry))
      } catch {
        throw new TypeError(`not a CIDR: ${entry}`)
      }
    } else if (
      /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?$/i.test(entry)
    ) {
      hosts.add(normalizeHostname(entry))
    } else {
      throw new TypeError(`not a hostname, address or CIDR: ${entry}`)
    }
  }
  return { hosts, ranges }
}

/** Splits the environment variable's comma-separated text. */
export function splitAllowedHosts(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
}

/** A URL's hostname as compared here: lower case, no brackets, no trailing dot. */
export function normalizeHostname(hostname: string): string {
  return stripBrackets(hostname).toLowerCase().replace(/\.$/, '')
}

export function hostIsAllowListed(allow: WebhookAllowList, hostname: string): boolean {
  const host = normalizeHostname(hostname)
  if (allow.hosts.has(host)) return true
  return ipaddr.isValid(host) && addressIsAllowListed(allow, host)
}

/** An address within one of the operator's CIDRs (same family only: no v4-mapped sleight). */
export function addressIsAllowListed(allow: WebhookAllowList, address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  const parsed = ipaddr.parse(address)
  return allow.ranges.some(
    ([base, bits]) => base.kind() === parsed.kind() && parsed.match(base as never, bits),
  )
}

function stripBrackets(text: string): string {
  return text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text
}
