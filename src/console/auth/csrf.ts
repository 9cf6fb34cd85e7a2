import { readForm } from '../read-form.js'
import type { MiddlewareHandler } from 'hono'
import { createKeyedHash, type KeyedHash } from '../../crypto/keyed-hash.js'
import { constantTimeEqual } from '../../hashing/legacy/constant-time-equal.js'
import type { ConsoleEnv } from '../console-env.js'
import { forbiddenPage } from '../views/error-page.js'

/** The synchroniser token is derived from the session id, so nothing extra is stored. */
export function createCsrfKey(secret: Uint8Array): KeyedHash {
  return createKeyedHash(secret, 'pwguard/console-csrf/v1')
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Refuses a state change that another origin started: the Origin header (when sent) must be
 * ours and Sec-Fetch-Site must not be cross-site. Runs before the login, so login CSRF is
 * refused too; `requireCsrfToken` adds the per-session token once signed in.
 */
export function sameOriginOnly(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next()
    const origin = c.req.header('origin')
    const site = c.req.header('sec-fetch-site')
    const ours = new URL(c.req.url).origin
    if ((origin && origin !== ours) || (site && site !== 'same-origin' && site !== 'none')) {
      return forbiddenPage(c)
    }
    return next()
  }
}

/** Every state change behind the login carries the token (form field or X-CSRF-Token). */
export function requireCsrfToken(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next()
    const expected = c.get('actor').csrfToken
    let sent = c.req.header('x-csrf-token')
    const type = c.req.header('content-type') ?? ''
    if (!sent && /^application\/x-www-form-urlencoded|^multipart\/form-data/i.test(type)) {
      const form = await readForm(c.req)
      sent = typeof form._csrf === 'string' ? form._csrf : undefined
    }
    // Constant time: the token must not leak byte by byte through response timing.
    if (!sent || !constantTimeEqual(sent, expected)) {
      return forbiddenPage(c)
    }
    return next()
  }
}
