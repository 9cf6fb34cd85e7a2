import { createRouter } from '../http/router.js'
import { webhookEventRoutes } from '../webhooks/webhook-event-routes.js'
import { webhookRoutes } from '../webhooks/webhook-routes.js'
import type { AppDeps } from './deps.js'

/** Everything under `/v1/webhook`: the endpoint itself (`/`) and its events (`/events…`). */
export function webhookRouter(deps: AppDeps) {
  const { stores, clock } = deps
  return createRouter()
    .route('/', webhookRoutes({ stores, clock, random: deps.random, settings: deps.settings }))
    .route('/', webhookEventRoutes({ stores, clock }))
}
