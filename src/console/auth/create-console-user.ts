import type { AppDeps } from '../../app/deps.js'
import type { Services } from '../../app/services.js'
import { isWellFormedText, MAX_PASSWORD_BYTES } from '../../http/password-field.js'
import type { PasswordCheckResult } from '../../policy/check-password.js'
import { toBase64Url } from '../../ports/random.js'
import { consoleUsers } from '../../store/schema.js'
import { findTenant } from '../../tenants/tenant-store.js'
import { createSecretSealer } from '../../webhooks/webhook-secret-sealer.js'
import { findConsoleUser } from './console-user-store.js'
import { newTotpSecret, totpProvisioningUri } from './totp.js'

export type CreateConsoleUserOutcome =
  | { kind: 'created'; id: string; totpUri: string }
  | { kind: 'no_tenant' }
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
  deps: Pick<AppDeps, 'driver' | 'hasher' | 'clock' | 'random' | 'settings'>,
  services: Pick<Services, 'passwordChecker' | 'emailIndexer'>,
  input: { tenantId: string; email: string; password: string },
): Promise<CreateConsoleUserOutcome> {
  const { db } = deps.driver
  if (!isWellFormedText(input.password))
    return { kind: 'password_invalid', code: 'password_ill_formed' }
  if (new TextEncoder().encode(input.password).byteLength > MAX_PASSWORD_BYTES)
    return { kind: 'password_invalid', code: 'password_too_long' }
  const tenant = await findTenant(db, input.tenantId)
  if (!tenant) return { kind: 'no_tenant' }
  // Tenant-bound (v2): the same person's console login at two tenants cannot be linked.
  const index = services.emailIndexer.current(tenant.id, input.email)
  if (await findConsoleUser(db, tenant.id, index)) return { kind: 'exists' }
  const check = await services.passwordChecker({
    tenant,
    password: input.password,
    context: { email: input.email },
  })
  if (!check.acceptable) return { kind: 'password_rejected', violations: check.violations }
  const secret = newTotpSecret(deps.random)
  const sealer = createSecretSealer(deps.settings.secret, deps.random)
  const id = `cu_${toBase64Url(deps.random.bytes(12))}`
  await db.insert(consoleUsers).values({
    id,
    tenantId: tenant.id,
    emailIndex: index,
    passwordHash: await deps.hasher.hash(input.password.normalize('NFKC'), tenant.id),
    sealedTotpSecret: await sealer.seal(tenant.id, secret),
    createdAt: deps.clock.now(),
  })
  return { kind: 'created', id, totpUri: totpProvisioningUri(secret, `${tenant.id}:console`) }
}
