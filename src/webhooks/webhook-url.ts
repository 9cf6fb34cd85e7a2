import {
  hostIsAllowListed,
  normalizeHostname,
  type WebhookAllowList,
} from './webhook-allow-list.js'
import { isForbiddenAddress, isIpLiteral } from './forbidden-address.js'

/** Names that lead to the host itself or to a cloud metadata service whatever DNS says. */
const FORBIDDEN_NAMES = new Set([
  'localhost',
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
])
/** Suffixes reserved for local or provider-internal names (RFC 6761, RFC 6762, ICANN .internal). */
const FORBIDDEN_SUFFIXES = ['.localhost', '.internal', '.local', '.home.arpa']

/**
 * Why a webhook URL is refused, or null when it may be used. Runtime-free: the registration
 * route, every sender before it connects and the Node sender after resolving all use these
 * rules. https to a public name or address; no credentials or fragment (they would sit in the
 * database); no literal address outside global unicast and no loopback or metadata name. A
 * host on the operator's allow-list may be internal and may use plain http (a local relay or a
 * test receiver).
 */
export function webhookUrlProblem(text: string, allow: WebhookAllowList): string | null {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'not an absolute URL'
  }
  if (url.username || url.password) return 'credentials in the URL are not allowed'
  if (url.hash) return 'a fragment is not allowed'
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an https URL'
  if (hostIsAllowListed(allow, url.hostname)) return null
  if (url.protocol !== 'https:') return 'must be https (http only for allow-listed hosts)'
  return forbiddenHostProblem(url.hostname)
}

/** The name or literal rule alone, for a host that is not allow-listed. */
export function forbiddenHostProblem(hostname: string): string | null {
  const host = normalizeHostname(hostname)
  if (isIpLiteral(host)) {
    return isForbiddenAddress(host)
      ? 'the address is loopback, private, link-local or otherwise not public'
      : null
  }
  if (FORBIDDEN_NAMES.has(host) || FORBIDDEN_SUFFIXES.some((suffix) => host.endsWith(suffix))) {
    return 'the host name is local or a metadata service'
  }
  return null
}
