/** One signed POST to a tenant's endpoint. */
export interface WebhookRequest {
  url: string
  headers: Record<string, string>
  body: string
  timeoutMs: number
}

/** Expected outcomes are values: a refused connection or a 500 is an `ok: false`, not a throw. */
export type WebhookResponse = { ok: true; status: number } | { ok: false; error: string }

/** The delivery port. Node and Workers both have `fetch`, so one adapter serves both. */
export interface WebhookSender {
  send(request: WebhookRequest): Promise<WebhookResponse>
}

/**
 * A sender over any `fetch` (the global one by default; tests may inject theirs). Redirects are
 * not followed: a 3xx is a failure, so a configured endpoint cannot bounce signed events
 * elsewhere. The response body is discarded unread apart from releasing the connection.
 */
export function createFetchWebhookSender(
  options: { fetch?: typeof globalThis.fetch; userAgent?: string } = {},
): WebhookSender {
  const fetchImpl = options.fetch ?? globalThis.fetch.bind(globalThis)
  const userAgent = options.userAgent ?? 'pwguard-webhooks/1'
  return {
    async send(request) {
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
        await response.body?.cancel().catch(() => undefined)
        if (response.status >= 200 && response.status < 300) {
          return { ok: true, status: response.status }
        }
        return { ok: false, error: `http ${response.status}` }
      } catch (error) {
        return { ok: false, error: describeFetchError(error) }
      }
    },
  }
}

/** A short reason for `last_error`: no URLs, headers or bodies. */
function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timeout'
    const cause = (error as { cause?: { code?: unknown } }).cause
    if (cause && typeof cause.code === 'string') return `network ${cause.code}`
    return `network ${error.message}`.slice(0, 200)
  }
  return 'network error'
}
