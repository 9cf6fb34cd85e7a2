import type { MiddlewareHandler } from 'hono'
import type { AppDeps } from '../../app/deps.js'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { ConsoleEnv } from '../console-env.js'
import { readSession } from './console-sessions.js'
import { clearSessionCookie, readSessionCookie } from './session-cookie.js'

/**
 * Pages behind the login: a live session or a redirect to the sign-in page (a script asking
 * for JSON gets 401). Leaves the actor, with its tenant and CSRF token, on the context.
 */
export function requireSession(deps: AppDeps, csrfKey: KeyedHash): MiddlewareHandler<ConsoleEnv> {
  const { consoleAuth, tenantKeys } = deps.stores
  return async (c, next) => {
    const id = readSessionCookie(c)
    const session = id ? await readSession(consoleAuth, id, deps.clock.now()) : null
    const tenant = session ? await tenantKeys.findTenant(session.tenantId) : null
    if (!session || !tenant) {
      if (id) clearSessionCookie(c)
      if (c.req.method !== 'GET') return c.text('Sign in again.', 401)
      return c.redirect('/console/login', 303)
    }
    c.set('actor', {
      userId: session.userId,
      sessionId: session.id,
      tenant,
      csrfToken: csrfKey.hexSync(session.id),
    })
    return next()
  }
}
