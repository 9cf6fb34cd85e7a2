import { readCappedText } from '../breach/upstream/read-capped-text.js'
import { EMPTY_ALLOW_LIST, type WebhookAllowList } from './webhook-allow-list.js'
import { webhookUrlProblem } from './webhook-url.js'

/** One signed POST to a tenant's endpoint. */
export interface WebhookRequest {
  url: string
  headers: Record<string, string>
  body: string
  timeoutMs: number
  /**
   * Read a 2xx answer's body, up to this many bytes, into `body` (the legacy verify hook needs
   * the answer; events do not). Absent: the body is discarded unread. Longer: `bad_answer`.
   */
  readBodyBytes?: number
}

/**
 * Why a delivery failed, deliberately coarse: it is shown to tenant admins and kept as
 * `lastError`, so it must not tell a closed port from a filtered one, or name an address.
 */
export type WebhookFailure =
  | 'refused_target'
  | 'timeout'
  | 'connect_failed'
  | 'http_3xx'
  | 'http_4xx'
  | 'http_5xx'
  | 'no_webhook'
  | 'secret_unreadable'
  | 'bad_answer'

/** Expected outcomes are values: a refused connection or a 500 is an `ok: false`, not a throw. */
export type WebhookResponse =
  { ok: true; status: number; body?: string } | { ok: false; error: WebhookFailure }

/** The delivery port: `fetch` on Workers, node:http(s) with a pinned address on Node. */
export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookResponse>
}

/** A non-2xx answer as its class: a 3xx is a failure too, redirects are never followed. */
export function statusOutcome(status: number): WebhookResponse {
  if (status >= 200 && status < 300) return { ok: true, status }
  if (status >= 500) return { ok: false, error: 'http_5xx' }
  if (status >= 400) return { ok: false, error: 'http_4xx' }
  return { ok: false, error: 'http_3xx' }
}

/** Any thrown network error as `timeout` or `connect_failed`: no codes, hosts or ports. */
export function errorOutcome(error: unknown): WebhookResponse {
  const name = (error as { name?: unknown } | null)?.name
  const timedOut = name === 'TimeoutError' || name === 'AbortError'
  return { ok: false, error: timedOut ? 'timeout' : 'connect_failed' }
}

/**
 * A sender over any `fetch` (the global one by default; tests may inject theirs), used on
 * Workers. `fetch` cannot be told which address to connect to, so only the URL rules apply
 * here (literal addresses, local and metadata names, the allow-list); a public name that
 * resolves inward is stopped by Cloudflare's egress, which does not reach private ranges.
 * Redirects are not followed: a 3xx is a failure, so an endpoint cannot bounce signed events
 * (or the sender) elsewhere. The response body is discarded unread.
 */
export function createFetchWebhookSender(
  options: { fetch?: typeof globalThis.fetch; userAgent?: string; allow?: WebhookAllowList } = {},
): WebhookSender {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis)
  const userAgent = options.userAgent ?? 'pwguard-webhooks/1'
  const allow = options.allow ?? EMPTY_ALLOW_LIST
  return {
    async send(request) {
      // Checked at every send, not only at registration: rows may predate the rules.
      if (webhookUrlProblem(request.url, allow) !== null) {
        return { ok: false, error: 'refused_target' }
      }
      try {
        const response = await fetchImpl(request.url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'user-agent': userAgent,
            ...request.headers,
          },
          body: request.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(request.timeoutMs),
        })
        const outcome = statusOutcome(response.status)
        if (!outcome.ok || request.readBodyBytes === undefined) {
          await response.body?.cancel().catch(() => undefined)
          return outcome
        }
        const body = await readCappedText(response, request.readBodyBytes)
        return body === null ? { ok: false, error: 'bad_answer' } : { ...outcome, body }
      } catch (error) {
        return errorOutcome(error)
      }
    },
  }
}
