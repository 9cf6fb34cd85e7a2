import type { MiddlewareHandler } from 'hono'
import { findActiveApiKey } from '../auth/api-key-store.js'
import type { Scope } from '../auth/scopes.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import type { AppEnv } from './app-env.js'
import { ProblemError } from './problem.js'

const MAX_KEY_LENGTH = 256

/**
 * Bearer-key authentication with one required scope. Keys are looked up by their SHA-256,
 * so no secret is ever compared byte by byte; revoked keys fail on the very next request.
 * Reads the tenants-and-keys port (`deps.stores.tenantKeys`).
 */
export function requireScope(tenantKeys: TenantKeyStore, scope: Scope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    const key = match?.[1]
    if (!key || key.length > MAX_KEY_LENGTH) throw unauthorized('Missing or malformed bearer key.')
    const record = await findActiveApiKey(tenantKeys, key)
    if (!record) throw unauthorized('Unknown or revoked API key.')
    if (!record.scopes.includes(scope)) {
      throw new ProblemError({
        status: 403,
        code: 'forbidden',
        title: 'Forbidden',
        detail: `This key lacks the "${scope}" scope.`,
      })
    }
    const tenant = await tenantKeys.findTenant(record.tenantId)
    if (!tenant) throw unauthorized('Unknown or revoked API key.')
    c.set('auth', { tenant, keyId: record.id, scopes: record.scopes })
    await next()
  }
}

function unauthorized(detail: string): ProblemError {
  return new ProblemError({
    status: 401,
    code: 'unauthorized',
    title: 'Unauthorized',
    detail,
    headers: { 'www-authenticate': 'Bearer realm="pwguard"' },
  })
}
