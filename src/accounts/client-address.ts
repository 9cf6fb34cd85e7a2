import ipaddr from 'ipaddr.js'

/**
 * The per-IP throttle subject for an end-user address, or null when the text is no address.
 * Spellings of one address must share a counter, or a block is bypassed by re-spelling it:
 * `::ffff:203.0.113.9` is the IPv4 address, and IPv6 counts per /64, because one subscriber
 * or host usually holds a whole /64 and can rotate through it at will.
 */
export function ipThrottleSubject(text: string): string | null {
  if (!ipaddr.isValid(text)) return null
  const address = ipaddr.process(text)
  if (address.kind() === 'ipv4') return `ip:${address.toString()}`
  const parts = (address as ipaddr.IPv6).parts.slice(0, 4)
  return `ip:${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`
}

/** Whether the text is an address pwguard can throttle by (the request schema uses this). */
export const isClientIp = (text: string): boolean => ipThrottleSubject(text) !== null
