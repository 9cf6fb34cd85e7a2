import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './app-env.js'
import { BodyMeter } from './body-meter.js'

/**
 * Puts every request body behind a BodyMeter with the JSON limit. It reads nothing itself, so it
 * can run first: auth and routing decide before any body byte is pulled from the client.
 */
export function meterRequestBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const raw = c.req.raw
    if (raw.body !== null) {
      const meter = new BodyMeter(maxBytes, declaredLength(raw.headers))
      const body = meter.wrap(raw.body)
      c.req.raw = new Request(raw, { body, duplex: 'half' } as RequestInit)
      c.set('bodyMeter', meter)
    }
    await next()
  }
}

function declaredLength(headers: Headers): number | null {
  // With Transfer-Encoding the length header is not authoritative (RFC 9112 §6.3).
  if (headers.has('transfer-encoding')) return null
  const value = headers.get('content-length')
  return value !== null && /^\d{1,15}$/.test(value) ? Number(value) : null
}
