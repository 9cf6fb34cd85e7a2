import { Buffer } from 'node:buffer'
import { lookup as dnsLookup } from 'node:dns/promises'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'
import {
  addressIsAllowListed,
  EMPTY_ALLOW_LIST,
  hostIsAllowListed,
  normalizeHostname,
  type WebhookAllowList,
} from './webhook-allow-list.js'
import { isForbiddenAddress, isIpLiteral } from './forbidden-address.js'
import {
  errorOutcome,
  statusOutcome,
  type WebhookRequest,
  type WebhookResponse,
  type WebhookSender,
} from './webhook-sender.js'
import { webhookUrlProblem } from './webhook-url.js'

export interface ResolvedAddress {
  address: string
  family: 4 | 6
}

/** Name resolution, injectable so tests can make a public-looking name point inward. */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>

const systemResolve: ResolveHost = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }))

/**
 * The Node sender. It resolves the host itself, refuses when any answer is not a public
 * address (unless the operator allow-listed the name or the address's CIDR), and then connects
 * to exactly the address it checked: the socket's `lookup` is pinned, so a DNS answer that
 * changes between check and connect (rebinding) is never used. TLS still verifies the
 * certificate against the name. Redirects are never followed (node:http does not).
 */
export function createNodeWebhookSender(
  options: { allow?: WebhookAllowList; resolve?: ResolveHost; userAgent?: string } = {},
): WebhookSender {
  const allow = options.allow ?? EMPTY_ALLOW_LIST
  const resolve = options.resolve ?? systemResolve
  const userAgent = options.userAgent ?? 'pwguard-webhooks/1'
  return {
    async send(request) {
      if (webhookUrlProblem(request.url, allow) !== null) {
        return { ok: false, error: 'refused_target' }
      }
      const signal = AbortSignal.timeout(request.timeoutMs)
      const url = new URL(request.url)
      try {
        const target = await pickAddress(url, allow, resolve, signal)
        if (target === null) return { ok: false, error: 'refused_target' }
        return await post(url, target, request, { signal, userAgent })
      } catch (error) {
        return errorOutcome(signal.aborted ? signal.reason : error)
      }
    },
  }
}

/** The address to connect to, or null when the target is refused. */
async function pickAddress(
  url: URL,
  allow: WebhookAllowList,
  resolve: ResolveHost,
  signal: AbortSignal,
): Promise<ResolvedAddress | null> {
  const host = normalizeHostname(url.hostname)
  // Literals were judged by the URL rules already; net.connect skips `lookup` for them.
  if (isIpLiteral(host)) return { address: host, family: host.includes(':') ? 6 : 4 }
  const addresses = await abortable(resolve(host), signal)
  if (addresses.length === 0) throw new Error('no address')
  const nameAllowed = hostIsAllowListed(allow, host)
  // Every answer must pass: a mixed answer is how rebinding services aim inward.
  const inward = addresses.some(
    ({ address }) => isForbiddenAddress(address) && !addressIsAllowListed(allow, address),
  )
  return inward && !nameAllowed ? null : addresses[0]!
}

function post(
  url: URL,
  target: ResolvedAddress,
  request: WebhookRequest,
  options: { signal: AbortSignal; userAgent: string },
): Promise<WebhookResponse> {
  const pinned: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (lookupOptions.all) callback(null, [target])
    else callback(null, target.address, target.family)
  }
  const body = Buffer.from(request.body, 'utf8')
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  return new Promise((resolve) => {
    const req = send(url, {
      method: 'POST',
      // A fresh connection per delivery: a pooled socket could belong to another address.
      agent: false,
      lookup: pinned,
      signal: options.signal,
      headers: {
        'content-type': 'application/json',
        'content-length': String(body.length),
        'user-agent': options.userAgent,
        ...request.headers,
      },
    })
    req.on('response', (res) => {
      const outcome = statusOutcome(res.statusCode ?? 0)
      const limit = request.readBodyBytes
      if (!outcome.ok || limit === undefined) {
        resolve(outcome)
        res.destroy()
        return
      }
      const chunks: Buffer[] = []
      let total = 0
      res.on('data', (chunk: Buffer) => {
        total += chunk.length
        if (total <= limit) chunks.push(chunk)
        else res.destroy()
      })
      res.on('end', () => resolve({ ...outcome, body: Buffer.concat(chunks).toString('utf8') }))
      res.on('close', () => {
        if (total > limit) resolve({ ok: false, error: 'bad_answer' })
        else if (!res.complete) resolve(errorOutcome(options.signal.reason ?? new Error('cut')))
      })
    })
    req.on('error', (error) =>
      resolve(errorOutcome(options.signal.aborted ? options.signal.reason : error)),
    )
    req.end(body)
  })
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) reject(signal.reason as Error)
    signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true })
    promise.then(resolve, reject)
  })
}
