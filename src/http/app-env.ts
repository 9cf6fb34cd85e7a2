import type { Scope } from '../auth/scopes.js'
import type { Tenant } from '../tenants/tenant-store.js'

/** What the auth middleware leaves on the context for the handlers after it. */
export interface AuthContext {
  tenant: Tenant
  keyId: string
  scopes: Scope[]
}

export interface AppEnv {
  Variables: {
    requestId: string
    auth: AuthContext
  }
}
