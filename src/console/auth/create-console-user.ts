import type { AppDeps } from '../../app/deps.js'
import type { Services } from '../../app/services.js'
import { isWellFormedText, MAX_PASSWORD_BYTES } from '../../http/password-field.js'
import type { PasswordCheckResult } from '../../policy/check-password.js'
import { toBase64Url } from '../../ports/random.js'
import { checkAuditEntry } from '../../audit/audit-insert.js'
import { createSecretSealer } from '../../webhooks/webhook-secret-sealer.js'
import { findConsoleUser } from './console-user-store.js'
import { newTotpSecret, totpProvisioningUri } from './totp.js'

export type CreateConsoleUserOutcome =
  | { kind: 'created'; id: string; totpUri: string }
  | { kind: 'no_tenant' }
  /** The e-mail is taken in this tenant (found first, or taken by a racing create). */
  | { kind: 'exists' }
  | { kind: 'password_rejected'; violations: PasswordCheckResult['violations'] }
  /** A lone surrogate or over the byte limit: refused before any check or hash, never repaired. */
  | { kind: 'password_invalid'; code: 'password_ill_formed' | 'password_too_long' }

/**
 * Creates a console user: the password is held to the tenant's own signup check (policy and
 * breach corpus) and stored as argon2id; the TOTP secret is sealed. The provisioning URI is
 * returned once and never stored in clear.
 */
export async function createConsoleUser(
  deps: Pick<AppDeps, 'hasher' | 'clock' | 'random' | 'settings'>,
  services: Pick<Services, 'stores' | 'passwordChecker' | 'emailIndexer'>,
  input: {
    tenantId: string
    email: string
    password: string
    /** Who creates it (`cli`): then `console_user.created` is written atomically with the row. */
    actor?: string
  },
): Promise<CreateConsoleUserOutcome> {
  const { consoleAuth, tenantKeys } = services.stores
  if (!isWellFormedText(input.password))
    return { kind: 'password_invalid', code: 'password_ill_formed' }
  if (new TextEncoder().encode(input.password).byteLength > MAX_PASSWORD_BYTES)
    return { kind: 'password_invalid', code: 'password_too_long' }
  const tenant = await tenantKeys.findTenant(input.tenantId)
  if (!tenant) return { kind: 'no_tenant' }
  // Tenant-bound (v2): the same person's console login at two tenants cannot be linked.
  const index = services.emailIndexer.current(tenant.id, input.email)
  if (await findConsoleUser(consoleAuth, tenant.id, index)) return { kind: 'exists' }
  const check = await services.passwordChecker({
    tenant,
    password: input.password,
    context: { email: input.email },
  })
  if (!check.acceptable) return { kind: 'password_rejected', violations: check.violations }
  const secret = newTotpSecret(deps.random)
  const sealer = createSecretSealer(deps.settings.secret, deps.random)
  const id = `cu_${toBase64Url(deps.random.bytes(12))}`
  const now = deps.clock.now()
  const row = {
    id,
    tenantId: tenant.id,
    emailIndex: index,
    passwordHash: await deps.hasher.hash(input.password.normalize('NFKC'), tenant.id),
    sealedTotpSecret: await sealer.seal(tenant.id, secret),
    totpLastStep: 0,
    createdAt: now,
    lastLoginAt: null,
  }
  const { actor } = input
  const entry = actor
    ? checkAuditEntry({
        tenantId: tenant.id,
        actor,
        action: 'console_user.created',
        target: id,
        at: now,
      })
    : null
  if (!(await consoleAuth.createUser(row, entry))) return { kind: 'exists' }
  return { kind: 'created', id, totpUri: totpProvisioningUri(secret, `${tenant.id}:console`) }
}
