import {
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerOptions,
  type ServerResponse,
  createServer,
} from 'node:http'
import type { AppDeps } from '../app/deps.js'
import { createCorsPolicy } from '../http/cors-policy.js'
import { type RangeAnswer, createRangeAnswerer } from './range-answer.js'

const RANGE_PATH = '/range/'

/**
 * Node adapter: an `http.createServer` for @hono/node-server's `serve({ createServer })` that
 * answers valid public `GET /range/{prefix}` requests straight from node:http, skipping the
 * Request/Response translation that costs Hono on Node about half its throughput on this
 * route (scripts/bench/range.ts). Everything else (errors, HEAD, OPTIONS, other methods, keyed
 * ranges, every other route) goes to the app, and both answer through createRangeAnswerer.
 */
export function createRangeFastPathServer(
  deps: Pick<AppDeps, 'corpus' | 'settings' | 'random' | 'metrics'>,
  options: { bodyCacheBytes?: number } = {},
): typeof createServer {
  // A keyed range needs the app's auth middleware: no fast path then.
  if (!deps.settings.rangePublic) return createServer
  const answer = createRangeAnswerer(deps.corpus.reader, deps.random, true, {
    ...options,
    paddingSecret: deps.settings.secret,
    // The app's own rule (range-routes.ts), so both paths answer an Origin alike.
    cors: createCorsPolicy(deps.settings.corsOrigins),
    ...(deps.metrics && { onCacheLookup: deps.metrics.rangeCacheLookup }),
  })
  const create = (serverOptions: ServerOptions, app: RequestListener): Server => {
    const send = (req: IncomingMessage, res: ServerResponse, result: RangeAnswer) => {
      // Failures are rare: the app answers them, so there is one error format.
      if (!result.ok) return app(req, res)
      if (result.status === 304) {
        res.writeHead(304, result.headers)
        return res.end()
      }
      // The answer's headers are its own: adding to them saves a copy per request.
      result.headers['content-length'] = String(result.body.byteLength)
      res.writeHead(200, result.headers)
      res.end(result.body)
    }
    return createServer(serverOptions, (req, res) => {
      const url = req.url ?? ''
      if (req.method !== 'GET' || !url.startsWith(RANGE_PATH)) return app(req, res)
      const query = url.indexOf('?')
      const prefix = query < 0 ? url.slice(RANGE_PATH.length) : url.slice(RANGE_PATH.length, query)
      const mode = query < 0 ? null : new URLSearchParams(url.slice(query + 1)).get('mode')
      const padding = req.headers['add-padding']
      try {
        const result = answer({
          prefix,
          mode,
          addPadding: typeof padding === 'string' ? padding : null,
          ifNoneMatch: req.headers['if-none-match'],
          ifModifiedSince: req.headers['if-modified-since'],
          origin: req.headers.origin,
        })
        if (result instanceof Promise) {
          result.then(
            (answered) => send(req, res, answered),
            () => app(req, res),
          )
        } else send(req, res, result)
      } catch {
        app(req, res)
      }
    })
  }
  // node-server always calls it as createServer(serverOptions, listener).
  return create as typeof createServer
}
