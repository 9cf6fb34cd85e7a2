import { accountRoutes } from '../accounts/account-routes.js'
import { importRoutes } from '../accounts/import-routes.js'
import { passwordRoutes } from '../accounts/password-routes.js'
import { createRouter } from '../http/router.js'
import { accountResetRoutes } from '../incidents/account-reset-routes.js'
import type { AppDeps } from './deps.js'
import type { Services } from './services.js'

/**
 * Everything under `/v1/accounts`, from four groups: `POST /` and `GET /{externalId}`,
 * `POST /import`, `POST /{externalId}/password`, `POST /{externalId}/reset`. No two share a
 * method and path (`import` is a literal only for POST, an externalId only for GET), and each
 * route checks its own scope, so the order of the parts carries no meaning.
 */
export function accountsRouter(deps: AppDeps, services: Services) {
  const { stores, clock, hasher } = deps
  const { passwordChecker, emailIndexer } = services
  return createRouter()
    .route('/', accountRoutes({ stores, clock, hasher, passwordChecker, emailIndexer }))
    .route(
      '/',
      importRoutes({
        stores,
        clock,
        random: deps.random,
        logger: deps.logger,
        emailIndexer,
        importFingerprintKey: services.importFingerprintKey,
        maxImportBytes: deps.settings.maxImportBytes,
      }),
    )
    .route(
      '/',
      passwordRoutes({
        stores,
        clock,
        hasher,
        passwordChecker,
        resetTokenKey: services.resetTokenKey,
        verifier: services.verifier,
        dummy: services.dummy,
        failureFloor: services.failureFloor,
        secret: deps.settings.secret,
      }),
    )
    .route('/', accountResetRoutes(deps, services))
}
