import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../app/deps.js'
import { checkAuditEntry } from '../audit/audit-insert.js'
import { notFound } from '../http/problem.js'
import { problemSchema } from '../http/problem-schema.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { tenantContact, contactColumn } from './contact-store.js'

export const contactSchema = z
  .object({
    name: z.string().trim().min(1).max(200).openapi({ example: 'Data Protection Officer' }),
    email: z.string().trim().max(320).email().openapi({ example: 'dpo@example.be' }),
    phone: z
      .string()
      .trim()
      .min(3)
      .max(40)
      .regex(/^[0-9+().\s-]+$/, 'a phone number')
      .optional(),
  })
  .openapi('TenantContact')

const content = { 'application/json': { schema: contactSchema } }

const putContactRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'put',
    path: '/contact',
    tags: ['incidents'],
    summary: 'Set the contact point named in GDPR Art. 33 reports',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: { body: { content, required: true } },
    responses: { 200: { description: 'The stored contact', content } },
  })

const getContactRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'get',
    path: '/contact',
    tags: ['incidents'],
    summary: 'The contact point named in GDPR Art. 33 reports',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    responses: {
      200: { description: 'The stored contact', content },
      404: {
        description: 'No contact set',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    },
  })

export type ContactRoutesDeps = Pick<AppDeps, 'clock'> & {
  stores: Pick<StorePorts, 'tenantKeys' | 'tenantSettings'>
}

/** PUT/GET /v1/tenant/contact (admin), mounted at `/v1/tenant`. */
export function contactRoutes(deps: ContactRoutesDeps) {
  const { tenantKeys, tenantSettings } = deps.stores
  const router = createRouter()
  router.openapi(putContactRoute(tenantKeys), async (c) => {
    const contact = c.req.valid('json')
    const auth = c.get('auth')
    const entry = checkAuditEntry({
      tenantId: auth.tenant.id,
      actor: `key:${auth.keyId}`,
      action: 'tenant.contact_set',
      at: deps.clock.now(),
    })
    await tenantSettings.update(auth.tenant.id, contactColumn(contact), entry)
    return c.json(contact, 200)
  })
  router.openapi(getContactRoute(tenantKeys), async (c) => {
    const contact = tenantContact(c.get('auth').tenant)
    if (!contact) throw notFound('No contact point set: PUT /v1/tenant/contact.')
    return c.json(contact, 200)
  })
  return router
}
