import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../app/deps.js'
import type { Services } from '../app/services.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { COST_TABLE } from '../hashing/cost-table.js'
import { parseStoredHash } from '../hashing/parse-stored-hash.js'
import { hashHintSchema } from '../http/hash-hint-field.js'
import { passwordField } from '../http/password-field.js'
import { problemSchema } from '../http/problem-schema.js'
import { ProblemError } from '../http/problem.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import { isWrappedHash, parseWrappedHash } from '../migration/wrapped-hash.js'
import { estimateStoredVerifyMs } from './stored-hash-verifier.js'

const verifyBody = z
  .object({
    hash: z.string().min(1).max(1024),
    password: passwordField,
    hint: hashHintSchema.optional(),
  })
  .openapi('VerifyHashRequest')

const verifyResult = z
  .object({
    valid: z.boolean(),
    scheme: z.string(),
    needsRehash: z.boolean(),
    newHash: z
      .string()
      .optional()
      .openapi({ description: 'argon2id of the password, when valid and needsRehash' }),
  })
  .openapi('VerifyHashResult')

const verifyRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'post',
    path: '/verify',
    tags: ['hashes'],
    summary:
      "Stateless verify-and-update for sites that keep their own hash column (passlib's verify_and_update)",
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'login')] as const,
    request: { body: { content: { 'application/json': { schema: verifyBody } }, required: true } },
    responses: {
      200: { description: 'Verdict', content: { 'application/json': { schema: verifyResult } } },
      422: {
        description:
          'Hash not recognised (`unrecognized_hash`), malformed (`malformed_hash`) or its cost above the calibrated bounds (`cost_out_of_bounds`, refused before any hashing; see the README cost table)',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
      429: {
        description:
          "`verify_budget_exhausted`: this key's hashing budget (CPU-ms per minute, PWGUARD_VERIFY_CPU_MS_PER_MINUTE) is spent; retry after `Retry-After` seconds",
        content: { 'application/problem+json': { schema: problemSchema } },
      },
      503: {
        description:
          "`overloaded`: the hashing pool and this tenant's queue quota are full; retry after `Retry-After` seconds",
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    },
  })

export type HashVerifyRoutesDeps = Pick<AppDeps, 'hasher'> &
  Pick<Services, 'verifier' | 'verifyBudget'> & { tenantKeys: TenantKeyStore }

/** POST /v1/hashes/verify (login scope), mounted at `/v1/hashes`. Nothing is stored. */
export function hashVerifyRoutes(deps: HashVerifyRoutesDeps) {
  const router = createRouter()
  return router.openapi(verifyRoute(deps.tenantKeys), async (c) => {
    const body = c.req.valid('json')
    // Wrapped hashes name themselves; everything else goes through the legacy parser.
    const parsed = isWrappedHash(body.hash)
      ? wrappedAsParsed(body.hash)
      : parseStoredHash(body.hash, body.hint)
    if (!parsed.ok) {
      throw new ProblemError({
        status: 422,
        code: parsed.code,
        title: 'Unusable hash',
        detail: parsed.detail,
      })
    }
    const { tenant, keyId } = c.get('auth')
    const estimate =
      'scheme' in parsed.hash
        ? estimateStoredVerifyMs(parsed.hash, body.password)
        : deps.hasher.params.memoryKib * deps.hasher.params.iterations * COST_TABLE.argon2.perUnit
    // The key pays for the hashing it asks for, whatever cost the hash names: it cannot pick one to burn our CPU.
    const reservation = deps.verifyBudget.reserve(keyId, estimate)
    if (!reservation.ok) throw budgetExhausted(reservation.retryAfterSeconds)
    try {
      const verdict = await deps.verifier.verify(parsed.hash.canonical, body.password, tenant.id)
      const newHash =
        verdict.valid && verdict.needsRehash
          ? await deps.hasher.hash(body.password.normalize('NFKC'), tenant.id)
          : undefined
      return c.json(
        {
          valid: verdict.valid,
          scheme: verdict.scheme,
          needsRehash: verdict.needsRehash,
          ...(newHash ? { newHash } : {}),
        },
        200,
      )
    } catch (error) {
      // Refused by admission (503) or failed: nothing was computed, nothing is billed.
      reservation.settle(0)
      throw error
    }
  })
}

function budgetExhausted(retryAfterSeconds: number): ProblemError {
  return new ProblemError({
    status: 429,
    code: 'verify_budget_exhausted',
    title: 'Hashing budget exhausted',
    detail: 'This key has used its hashing budget for verifies; retry later.',
    headers: { 'retry-after': String(retryAfterSeconds) },
  })
}

function wrappedAsParsed(hash: string) {
  return parseWrappedHash(hash)
    ? { ok: true as const, hash: { canonical: hash } }
    : { ok: false as const, code: 'malformed_hash' as const, detail: 'not a valid wrapped hash' }
}
