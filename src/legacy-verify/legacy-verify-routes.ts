import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps, AppSettings } from '../app/deps.js'
import { checkAuditEntry } from '../audit/audit-insert.js'
import { problemResponse } from '../http/problem-schema.js'
import { notFound } from '../http/problem.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { parseWebhookAllowList, type WebhookAllowList } from '../webhooks/webhook-allow-list.js'
import { createSecretSealer } from '../webhooks/webhook-secret-sealer.js'
import { outboundUrlField, signingSecretField } from '../webhooks/outbound-endpoint-fields.js'
import {
  DEFAULT_LEGACY_TIMEOUT_MS,
  legacyVerifyRow,
  MAX_LEGACY_TIMEOUT_MS,
  toLegacyVerifyView,
} from './legacy-verify-store.js'

/** Same target rules as webhooks: the allow-list decides which internal hosts are reachable. */
const legacyVerifyBody = (allow: WebhookAllowList) =>
  z
    .object({
      url: outboundUrlField(allow, {
        example: 'https://old-idp.example.be/pwguard/verify',
        description:
          'https to a public host (the webhook target rules); internal or plain-http hosts only when on PWGUARD_WEBHOOK_ALLOWED_HOSTS.',
      }),
      secret: signingSecretField('whsec-legacy-0123456789abcdef'),
      timeoutMs: z
        .number()
        .int()
        .min(100)
        .max(MAX_LEGACY_TIMEOUT_MS)
        .default(DEFAULT_LEGACY_TIMEOUT_MS)
        .openapi({ example: 3000 }),
    })
    .strict()
    .openapi('LegacyVerifyInput')

const view = z
  .object({
    url: z.string(),
    timeoutMs: z.number(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('LegacyVerify', {
    example: {
      url: 'https://old-idp.example.be/pwguard/verify',
      timeoutMs: 3000,
      createdAt: '2026-12-04T10:00:00.000Z',
      updatedAt: '2026-12-04T10:00:00.000Z',
    },
  })
const ok = (description: string) => ({
  description,
  content: { 'application/json': { schema: view } },
})

const HOOK_DESCRIPTION =
  'For accounts imported with `"legacyVerify": true` instead of a hash, `/v1/login` POSTs `{"externalId": "…", "password": "…"}` to this URL, signed like webhooks (`Webhook-Id`, `Webhook-Timestamp`, `Pwguard-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`), and expects `200 {"verified": true|false}`. On `true` the password is checked for breaches and stored as argon2id; the legacy system is never asked about that account again. Timeouts, errors, redirects and any other answer fail the login closed with 503 `legacy_verify_unavailable` (not a wrong password, not a counted guess).'

const putRoute = (tenantKeys: TenantKeyStore, allow: WebhookAllowList) =>
  createRoute({
    method: 'put',
    path: '/legacy-verify',
    tags: ['migration'],
    summary: "Set the tenant's legacy verify endpoint (first-login import)",
    description: HOOK_DESCRIPTION,
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: {
      body: {
        content: { 'application/json': { schema: legacyVerifyBody(allow) } },
        required: true,
      },
    },
    responses: {
      200: ok('Replaced'),
      201: ok('Created'),
      400: problemResponse('Bad URL or secret'),
    },
  })

const getRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'get',
    path: '/legacy-verify',
    tags: ['migration'],
    summary: 'The legacy verify endpoint (never the secret)',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    responses: { 200: ok('The endpoint'), 404: problemResponse('None configured') },
  })

const deleteRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'delete',
    path: '/legacy-verify',
    tags: ['migration'],
    summary: 'Remove it: accounts still waiting then fail login with 503 legacy_verify_unavailable',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    responses: { 204: { description: 'Removed' }, 404: problemResponse('None configured') },
  })

export type LegacyVerifyRoutesDeps = Pick<AppDeps, 'clock' | 'random'> & {
  stores: Pick<StorePorts, 'tenantKeys' | 'legacyVerify'>
  settings: Pick<AppSettings, 'secret' | 'webhookAllowedHosts'>
}

/** PUT, GET and DELETE /v1/tenant/legacy-verify (admin), mounted at `/v1/tenant`. */
export function legacyVerifyRoutes(deps: LegacyVerifyRoutesDeps) {
  const { legacyVerify, tenantKeys } = deps.stores
  const sealer = createSecretSealer(deps.settings.secret, deps.random)
  const allow = parseWebhookAllowList(deps.settings.webhookAllowedHosts ?? [])
  const router = createRouter()
  router.openapi(putRoute(tenantKeys, allow), async (c) => {
    const { url, secret, timeoutMs } = c.req.valid('json')
    const { tenant, keyId } = c.get('auth')
    const now = deps.clock.now()
    const row = await legacyVerifyRow(sealer, { tenantId: tenant.id, url, secret, timeoutMs, now })
    const entry = { actor: `key:${keyId}`, action: 'legacy_verify.set', at: now }
    const details = { origin: new URL(url).origin, timeoutMs }
    const audit = checkAuditEntry({ tenantId: tenant.id, ...entry, details })
    const { created } = await legacyVerify.put(row, audit)
    const stored = (await legacyVerify.find(tenant.id))!
    return c.json(toLegacyVerifyView(stored), created ? 201 : 200)
  })
  router.openapi(getRoute(tenantKeys), async (c) => {
    const row = await legacyVerify.find(c.get('auth').tenant.id)
    if (!row) throw notFound('No legacy verify endpoint is configured for this tenant.')
    return c.json(toLegacyVerifyView(row), 200)
  })
  router.openapi(deleteRoute(tenantKeys), async (c) => {
    const { tenant, keyId } = c.get('auth')
    const entry = { actor: `key:${keyId}`, action: 'legacy_verify.deleted', at: deps.clock.now() }
    // Logged only if there is an endpoint to remove, in the same atomic write.
    const removed = await legacyVerify.remove(
      tenant.id,
      checkAuditEntry({ tenantId: tenant.id, ...entry }),
    )
    if (!removed) throw notFound('No legacy verify endpoint is configured for this tenant.')
    return c.body(null, 204)
  })
  return router
}
