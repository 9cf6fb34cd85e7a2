import type { MiddlewareHandler } from 'hono'
import type { AppMetrics, LoginOutcomeLabel } from './fleet-ports.js'

const passThrough: MiddlewareHandler = async (_c, next) => next()

/** Reads one field of a small JSON answer without consuming the body the client gets. */
async function field(response: Response, name: string): Promise<unknown> {
  try {
    const body: unknown = await response.clone().json()
    return typeof body === 'object' && body !== null
      ? (body as Record<string, unknown>)[name]
      : null
  } catch {
    return null
  }
}

async function outcomeOf(response: Response): Promise<LoginOutcomeLabel | null> {
  switch (response.status) {
    case 200:
      return (await field(response, 'mustReset')) === true ? 'must_reset' : 'ok'
    case 401:
      return 'wrong'
    case 403:
      return 'must_reset'
    case 429:
      return 'throttled'
    case 503:
      return (await field(response, 'code')) === 'overloaded' ? 'shed' : 'unavailable'
    default:
      // 400 and the like: the body was refused before any password was tried.
      return null
  }
}

/**
 * Counts POST /v1/login outcomes from the answer the route gave (after its auth guard, so a bad
 * API key is not a login). Reading the answer, rather than hooking the login code, keeps the
 * shed case (an error thrown from the hasher) and every future exit covered.
 */
export function loginOutcomeMetrics(metrics: AppMetrics | undefined): MiddlewareHandler {
  if (!metrics) return passThrough
  return async (c, next) => {
    await next()
    const outcome = await outcomeOf(c.res)
    if (outcome) metrics.loginOutcome(outcome)
  }
}
