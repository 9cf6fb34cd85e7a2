import { createRoute } from '@hono/zod-openapi'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import { problemResponse } from '../http/problem-schema.js'
import { checkRequestSchema, checkResultSchema } from './check-schemas.js'
import type { PasswordChecker } from './create-password-checker.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { negotiateLocale } from './policy-messages.js'

export interface CheckRoutesDeps {
  tenantKeys: TenantKeyStore
  /** The app's shared checker: one zxcvbn instance (~0.3 s to build, tens of MB) for all. */
  check: PasswordChecker
}

/**
 * POST /v1/passwords/check (scope `check`), mounted at `/v1/passwords`: the NIST SP 800-63B-4
 * verdict on a candidate password for the key's tenant.
 */
export function checkRoutes({ tenantKeys, check }: CheckRoutesDeps) {
  const route = createRoute({
    method: 'post',
    path: '/check',
    tags: ['passwords'],
    summary: 'Check a new password',
    description:
      'Length in code points after NFKC (tenant minimum, default 15), breach corpus, context words (username, e-mail parts, names, service name) and zxcvbn-ts strength with en/nl/fr/de dictionaries. 200 whatever the verdict: `acceptable` says it.',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'check')] as const,
    request: {
      body: { required: true, content: { 'application/json': { schema: checkRequestSchema } } },
    },
    responses: {
      200: {
        description: 'The verdict, with violations and feedback in the requested locale.',
        content: { 'application/json': { schema: checkResultSchema } },
      },
      400: problemResponse(
        'Malformed JSON, no body (`body_required`), a body not matching the schema, `password_too_long` or `password_ill_formed`.',
      ),
      401: problemResponse('Missing, unknown or revoked API key.'),
      403: problemResponse('The key lacks the `check` scope.'),
      413: problemResponse('The body exceeds the size limit.'),
    },
  })
  return createRouter().openapi(route, async (c) => {
    const body = c.req.valid('json')
    const result = await check({
      password: body.password,
      context: body.context,
      locale: body.locale ?? negotiateLocale(c.req.header('accept-language')),
      tenant: c.get('auth').tenant,
    })
    return c.json(result, 200)
  })
}
