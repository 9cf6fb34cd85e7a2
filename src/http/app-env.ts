import type { Scope } from '../auth/scopes.js'
import type { Tenant } from '../tenants/tenant-store.js'
import type { BodyMeter } from './body-meter.js'

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
    /** Set when the request has a body: counts what handlers read (see meterRequestBody). */
    bodyMeter: BodyMeter
  }
}
