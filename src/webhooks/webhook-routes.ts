import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps, AppSettings } from '../app/deps.js'
import { checkAuditEntry } from '../audit/audit-insert.js'
import { problemResponse } from '../http/problem-schema.js'
import { notFound } from '../http/problem.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { createSecretSealer } from './webhook-secret-sealer.js'
import { toWebhookView, webhookRow } from './webhook-store.js'
import { parseWebhookAllowList, type WebhookAllowList } from './webhook-allow-list.js'
import { outboundUrlField, signingSecretField } from './outbound-endpoint-fields.js'

/** The body schema: the URL rules depend on the operator's allow-list, so it is built per app. */
const webhookBody = (allow: WebhookAllowList) =>
  z
    .object({
      url: outboundUrlField(allow, {
        example: 'https://hooks.example.be/pwguard',
        description:
          'https to a public host. Refused: literal loopback, private, link-local, unique-local, CGNAT, v4-mapped and other non-public addresses, `localhost`, `*.internal` and metadata names, credentials, fragments. Hosts on the operator allow-list (PWGUARD_WEBHOOK_ALLOWED_HOSTS) may be internal and use http. Each delivery re-checks the target and the address its name resolves to.',
      }),
      secret: signingSecretField(),
    })
    .strict()
    .openapi('WebhookInput')

const webhookView = z
  .object({ url: z.string(), createdAt: z.string(), updatedAt: z.string() })
  .openapi('Webhook')

const ok = (description: string) => ({
  description,
  content: { 'application/json': { schema: webhookView } },
})

const putRoute = (tenantKeys: TenantKeyStore, allow: WebhookAllowList) =>
  createRoute({
    method: 'put',
    path: '/',
    tags: ['webhooks'],
    summary: "Set the tenant's webhook endpoint and signing secret",
    description:
      'Events: incident.created, account.exposed, account.reset_required, account.password_changed, account.password_breached (breach action `notify`), tenant.breach_digest (admin digest, immediate or daily). Each POST carries `Webhook-Id` (idempotency key), `Webhook-Timestamp` and `Pwguard-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. Retries back off exponentially for about 3 days.',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: {
      body: { content: { 'application/json': { schema: webhookBody(allow) } }, required: true },
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
    path: '/',
    tags: ['webhooks'],
    summary: "The tenant's webhook endpoint (never the secret)",
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    responses: { 200: ok('The endpoint'), 404: problemResponse('No webhook configured') },
  })

const deleteRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'delete',
    path: '/',
    tags: ['webhooks'],
    summary: 'Remove the endpoint; undelivered events then fail and no new ones are recorded',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    responses: { 204: { description: 'Removed' }, 404: problemResponse('No webhook configured') },
  })

export type WebhookRoutesDeps = Pick<AppDeps, 'clock' | 'random'> & {
  stores: Pick<StorePorts, 'tenantKeys' | 'outbox'>
  settings: Pick<AppSettings, 'secret' | 'webhookAllowedHosts'>
}

/** PUT, GET and DELETE /v1/webhook (admin), mounted at `/v1/webhook`. */
export function webhookRoutes(deps: WebhookRoutesDeps) {
  const { outbox, tenantKeys } = deps.stores
  const sealer = createSecretSealer(deps.settings.secret, deps.random)
  const router = createRouter()
  const allow = parseWebhookAllowList(deps.settings.webhookAllowedHosts ?? [])
  router.openapi(putRoute(tenantKeys, allow), async (c) => {
    const { url, secret } = c.req.valid('json')
    const { tenant, keyId } = c.get('auth')
    const now = deps.clock.now()
    const entry = { actor: `key:${keyId}`, action: 'webhook.set', at: now }
    const details = { origin: new URL(url).origin }
    const audit = checkAuditEntry({ tenantId: tenant.id, ...entry, details })
    const row = await webhookRow(sealer, { tenantId: tenant.id, url, secret, now })
    const { created } = await outbox.putEndpoint(row, audit)
    const view = toWebhookView((await outbox.endpoint(tenant.id))!)
    return c.json(view, created ? 201 : 200)
  })
  router.openapi(getRoute(tenantKeys), async (c) => {
    const row = await outbox.endpoint(c.get('auth').tenant.id)
    if (!row) throw notFound('No webhook is configured for this tenant.')
    return c.json(toWebhookView(row), 200)
  })
  router.openapi(deleteRoute(tenantKeys), async (c) => {
    const { tenant, keyId } = c.get('auth')
    const entry = { actor: `key:${keyId}`, action: 'webhook.deleted', at: deps.clock.now() }
    // The entry is written only if there is an endpoint to delete, in the same atomic write.
    const removed = await outbox.removeEndpoint(
      tenant.id,
      checkAuditEntry({ tenantId: tenant.id, ...entry }),
    )
    if (!removed) throw notFound('No webhook is configured for this tenant.')
    return c.body(null, 204)
  })
  return router
}
