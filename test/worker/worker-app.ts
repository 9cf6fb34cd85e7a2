import { exports } from 'cloudflare:workers'
import { createApiKey } from '../../src/auth/api-key-store.js'
import type { Scope } from '../../src/auth/scopes.js'
import { webCryptoRandom } from '../../src/ports/random.js'
import { createSqliteTenantKeyStore } from '../../src/store/sqlite/sqlite-tenant-key-store.js'
import { createD1Driver } from '../../src/store/d1-driver.js'
import { ensureTenant } from '../../src/store/sqlite/sqlite-tenant-seed.js'
import { testEnv, type TestFetcher } from './worker-test-env.js'

/** The Worker entry (src/entry/worker.ts) as the suite's main module, with the suite's env. */
export const worker = () => (exports as { default: TestFetcher }).default

/** A request to the Worker entry, like `app.request()` in the Node suite. */
export const request = (path: string, init?: RequestInit) =>
  worker().fetch(`http://pwguard.test${path}`, init)

/** Creates the tenant if needed and a key with the given scopes in D1; returns the header. */
export async function keyFor(tenantId: string, scopes: Scope[]): Promise<Record<string, string>> {
  const { db } = createD1Driver(testEnv.DB)
  await ensureTenant(db, { id: tenantId, name: tenantId }, Date.now())
  const { key } = await createApiKey(createSqliteTenantKeyStore(db), webCryptoRandom, {
    tenantId,
    scopes,
    now: Date.now(),
  })
  return { authorization: `Bearer ${key}` }
}

/** JSON request init, as test/support/test-app.ts builds it (that module loads native argon2). */
export function jsonRequest(
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit {
  return {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  }
}
