import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../app/deps.js'
import type { Services } from '../app/services.js'
import { checkAuditEntry } from '../audit/audit-insert.js'
import { notFound } from '../http/problem.js'
import { problemSchema } from '../http/problem-schema.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
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

const putContactRoute = createRoute({
  method: 'put',
  path: '/v1/tenant/contact',
  tags: ['incidents'],
  summary: 'Set the contact point named in GDPR Art. 33 reports',
  security: [{ bearer: [] }],
  request: { body: { content, required: true } },
  responses: { 200: { description: 'The stored contact', content } },
})

const getContactRoute = createRoute({
  method: 'get',
  path: '/v1/tenant/contact',
  tags: ['incidents'],
  summary: 'The contact point named in GDPR Art. 33 reports',
  security: [{ bearer: [] }],
  responses: {
    200: { description: 'The stored contact', content },
    404: {
      description: 'No contact set',
      content: { 'application/problem+json': { schema: problemSchema } },
    },
  },
})

/** PUT/GET /v1/tenant/contact (admin). */
export function contactRoutes(deps: AppDeps, services: Pick<Services, 'stores'>) {
  const router = createRouter()
  router.use('/v1/tenant/contact', requireScope(services.stores.tenantKeys, 'admin'))
  router.openapi(putContactRoute, async (c) => {
    const contact = c.req.valid('json')
    const auth = c.get('auth')
    const entry = checkAuditEntry({
      tenantId: auth.tenant.id,
      actor: `key:${auth.keyId}`,
      action: 'tenant.contact_set',
      at: deps.clock.now(),
    })
    await services.stores.tenantSettings.update(auth.tenant.id, contactColumn(contact), entry)
    return c.json(contact, 200)
  })
  router.openapi(getContactRoute, async (c) => {
    const contact = tenantContact(c.get('auth').tenant)
    if (!contact) throw notFound('No contact point set: PUT /v1/tenant/contact.')
    return c.json(contact, 200)
  })
  return router
}
