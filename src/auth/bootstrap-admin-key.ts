import type { Database } from '../store/database.js'
import type { Random } from '../ports/random.js'
import { DEFAULT_TENANT_ID, ensureTenant } from '../tenants/tenant-store.js'
import { createApiKey, hasActiveAdminKey, storeApiKey } from './api-key-store.js'
import { SCOPES } from './scopes.js'

export type BootstrapOutcome =
  { kind: 'existing' } | { kind: 'configured' } | { kind: 'generated'; key: string }

/**
 * Makes sure an admin can reach a fresh install. With PWGUARD_BOOTSTRAP_KEY set, that key
 * becomes the default tenant's all-scopes key; without it a key is generated and handed back
 * once, for the entry to put where the operator can read it. Does nothing once any admin key
 * exists, so a leaked bootstrap variable cannot mint keys later.
 */
export async function bootstrapAdminKey(
  db: Database,
  random: Random,
  input: { bootstrapKey: string | null; now: number },
): Promise<BootstrapOutcome> {
  if (await hasActiveAdminKey(db)) return { kind: 'existing' }
  await ensureTenant(db, { id: DEFAULT_TENANT_ID, name: 'Default tenant' }, input.now)
  if (input.bootstrapKey) {
    await storeApiKey(db, {
      id: 'bootstrap',
      key: input.bootstrapKey,
      tenantId: DEFAULT_TENANT_ID,
      scopes: [...SCOPES],
      label: 'PWGUARD_BOOTSTRAP_KEY',
      now: input.now,
    })
    return { kind: 'configured' }
  }
  const { key } = await createApiKey(db, random, {
    tenantId: DEFAULT_TENANT_ID,
    scopes: [...SCOPES],
    label: 'generated at first start',
    now: input.now,
  })
  return { kind: 'generated', key }
}
