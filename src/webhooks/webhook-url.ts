const LOOPBACK_HOSTS = new Set(['localhost', '[::1]'])

/**
 * Why a webhook URL is refused, or null when it is acceptable: https anywhere; plain http only
 * to a loopback receiver (a local relay or test), since events and signatures would otherwise
 * cross the network in clear; no credentials in the URL, which would sit in the database.
 */
export function webhookUrlProblem(text: string): string | null {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'not an absolute URL'
  }
  if (url.username || url.password) return 'credentials in the URL are not allowed'
  if (url.hash) return 'a fragment is not allowed'
  if (url.protocol === 'https:') return null
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return null
  return 'must be https (http only for localhost/loopback receivers)'
}

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
}
