import { createRouter } from '../http/router.js'
import { digestJobRoutes } from '../incidents/digest-job-routes.js'
import type { DigestJobRunner } from '../incidents/digest-job-runner.js'
import { exposureRoutes } from '../incidents/exposure-routes.js'
import { forceResetRoutes } from '../incidents/force-reset-routes.js'
import { incidentRoutes } from '../incidents/incident-routes.js'
import { reportRoutes } from '../incidents/report-routes.js'
import type { AppDeps } from './deps.js'
import type { Services } from './services.js'

/**
 * Everything under `/v1/incidents`: the incidents themselves (`/`, `/{id}`, `/{id}/notified`)
 * and, per incident, `/{id}/exposures`, `/{id}/digest-job`, `/{id}/force-reset` and
 * `/{id}/report`. Distinct literal segments, each route checking its own scope: the order of
 * the parts carries no meaning.
 */
export function incidentsRouter(deps: AppDeps, services: Services, digestJob: DigestJobRunner) {
  const { stores, clock, random } = deps
  return createRouter()
    .route('/', incidentRoutes(deps))
    .route(
      '/',
      exposureRoutes({
        stores,
        clock,
        random,
        logger: deps.logger,
        verifier: services.verifier,
        corpus: deps.corpus,
        secret: deps.settings.secret,
        maxImportBytes: deps.settings.maxImportBytes,
        digestJob,
      }),
    )
    .route('/', digestJobRoutes({ stores, digestJob }))
    .route('/', forceResetRoutes({ stores, clock, random, resetTokenKey: services.resetTokenKey }))
    .route('/', reportRoutes({ stores, clock }))
}
