/**
 * Who may read a public answer from another origin (`PWGUARD_CORS_ORIGINS`): one rule for
 * `/range` and the widget assets, on every runtime and on the Node fast path. `*` (the default,
 * as HIBP does) lets any origin read and keeps answers independent of the request, so a cache
 * holds one copy; a list echoes a listed Origin and marks every answer `Vary: Origin`.
 */
export interface CorsPolicy {
  /** True when any origin may read: the headers are then constant, never per request. */
  readonly anyOrigin: boolean
  /** `Access-Control-Allow-Origin` for this request's Origin, or undefined for none. */
  allowOrigin(requestOrigin: string | null | undefined): string | undefined
  /**
   * Adds this request's CORS headers to `headers` (appending to an existing `Vary`, since the
   * answer may already vary by another header) and returns it.
   */
  apply(
    headers: Record<string, string>,
    requestOrigin: string | null | undefined,
  ): Record<string, string>
}

const ALLOW_ORIGIN = 'access-control-allow-origin'

/** `origins` as parsed from the setting; absent means `*`, an empty list allows no origin. */
export function createCorsPolicy(origins: readonly string[] = ['*']): CorsPolicy {
  if (origins.includes('*')) {
    return {
      anyOrigin: true,
      allowOrigin: () => '*',
      apply: (headers) => {
        headers[ALLOW_ORIGIN] = '*'
        return headers
      },
    }
  }
  // Browsers send the Origin in lower case without a trailing slash; operators may not write it so.
  const allowed = new Set(origins.map(normalizeOrigin))
  const allowOrigin = (requestOrigin: string | null | undefined) =>
    typeof requestOrigin === 'string' && allowed.has(requestOrigin) ? requestOrigin : undefined
  return {
    anyOrigin: false,
    allowOrigin,
    apply: (headers, requestOrigin) => {
      const origin = allowOrigin(requestOrigin)
      if (origin !== undefined) headers[ALLOW_ORIGIN] = origin
      // Even a refusal varies by Origin: a cache must not replay it to a listed origin.
      headers.vary = headers.vary ? `${headers.vary}, Origin` : 'Origin'
      return headers
    },
  }
}

function normalizeOrigin(origin: string): string {
  return origin.trim().replace(/\/+$/, '').toLowerCase()
}
