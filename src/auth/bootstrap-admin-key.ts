import { checkAuditEntry } from '../audit/audit-insert.js'
import type { Random } from '../ports/random.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import { DEFAULT_TENANT_ID } from '../tenants/tenant-store.js'
import { generateApiKey, hashApiKey } from './api-key.js'
import { presentedKeyState } from './bootstrap-marker.js'
import { SCOPES } from './scopes.js'

export type BootstrapOutcome =
  /** Stored now: PWGUARD_BOOTSTRAP_KEY, or a generated key handed back once. */
  | { kind: 'configured'; keyId: string }
  | { kind: 'generated'; keyId: string; key: string }
  /** Admin keys existed without a marker (older database, or keys made by the CLI). */
  | { kind: 'existing' }
  /** Bootstrapped before; `presented` is what the variable (if set) is to this database. */
  | {
      kind: 'done'
      at: number
      keyId: string | null
      presented: 'active' | 'revoked' | 'unknown' | null
      activeAdmin: boolean
    }
  /** Nothing stored and nothing to store with (Workers without the variable). */
  | { kind: 'waiting' }

/**
 * Makes sure an admin can reach a fresh database, exactly once per database. The first start
 * stores PWGUARD_BOOTSTRAP_KEY as the default tenant's all-scopes key (or, where allowed, a
 * generated one), together with a persisted marker and an audit entry in one batch. Every
 * later start sees the marker and writes nothing: giving the same key again is a no-op, and
 * neither the variable nor a restart can bring back admin keys an operator revoked.
 */
export async function bootstrapAdminKey(
  deps: { stores: StorePorts; random: Random },
  input: { bootstrapKey: string | null; now: number; generate: boolean },
): Promise<BootstrapOutcome> {
  const stores = deps.stores
  const { bootstrap } = stores
  const marker = await bootstrap.marker()
  if (marker) {
    return {
      kind: 'done',
      at: marker.at,
      keyId: marker.keyId,
      presented: input.bootstrapKey ? await presentedKeyState(bootstrap, input.bootstrapKey) : null,
      activeAdmin: await stores.tenantKeys.hasActiveAdminKey(),
    }
  }
  if (await bootstrap.anyAdminKeyEver()) {
    await bootstrap.markDone(input.now)
    return { kind: 'existing' }
  }
  if (!input.bootstrapKey && !input.generate) return { kind: 'waiting' }
  const stored = await storeBootstrapKey(stores, deps.random, input)
  // A racing start stored its marker first: report that one, as a later start would.
  return stored ?? bootstrapAdminKey(deps, { ...input, generate: false })
}

async function storeBootstrapKey(
  stores: StorePorts,
  random: Random,
  input: { bootstrapKey: string | null; now: number },
): Promise<BootstrapOutcome | null> {
  const tenant = { id: DEFAULT_TENANT_ID, name: 'Default tenant', serviceName: null }
  await stores.tenantKeys.ensureTenant(tenant, input.now)
  const generated = input.bootstrapKey ? null : generateApiKey(random)
  const id = generated?.id ?? 'bootstrap'
  const row = {
    id,
    tenantId: DEFAULT_TENANT_ID,
    keyHash: await hashApiKey(generated?.key ?? input.bootstrapKey!),
    scopes: [...SCOPES],
    label: generated ? 'generated at first start' : 'PWGUARD_BOOTSTRAP_KEY',
    createdAt: input.now,
    revokedAt: null,
  }
  const details = { scopes: [...SCOPES], source: generated ? 'generated' : 'variable' }
  const entry = checkAuditEntry({
    tenantId: DEFAULT_TENANT_ID,
    actor: 'system',
    action: 'api_key.bootstrapped',
    target: id,
    at: input.now,
    details,
  })
  if (!(await stores.bootstrap.storeKey(row, entry))) return null
  return generated
    ? { kind: 'generated', keyId: id, key: generated.key }
    : { kind: 'configured', keyId: id }
}
