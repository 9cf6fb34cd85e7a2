import { createRouter } from '../http/router.js'
import { legacyVerifyRoutes } from '../legacy-verify/legacy-verify-routes.js'
import { contactRoutes } from '../tenants/contact-routes.js'
import { tenantPolicyRoutes } from '../tenants/tenant-policy-routes.js'
import type { AppDeps } from './deps.js'

/**
 * Everything under `/v1/tenant`, one literal segment per group: `/contact` (the Art. 33
 * contact), `/policy` (policy overrides) and `/legacy-verify` (the first-login import hook).
 */
export function tenantRouter(deps: AppDeps) {
  const { stores, clock, settings } = deps
  return createRouter()
    .route('/', contactRoutes({ stores, clock }))
    .route('/', tenantPolicyRoutes({ stores, clock, policy: settings.policy }))
    .route('/', legacyVerifyRoutes({ stores, clock, random: deps.random, settings }))
}
