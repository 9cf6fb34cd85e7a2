import { appStores } from '../app/app-stores.js'
import type { StoreDriver } from '../store/database.js'
import type { StorePorts } from '../store/ports/store-ports.js'

const built = new WeakMap<StoreDriver, { secret: Uint8Array; stores: StorePorts }>()

/**
 * The store ports for writes outside a route's `services` (breach reactions at login and
 * signup, the delivery pass's daily digests): the entry's own (PostgreSQL), else the SQLite
 * adapters over `driver`, built once per driver and secret. Building them prepares the login
 * statements (~1–5 ms), too much to repeat on every breached login.
 */
export function policyStores(deps: {
  driver: StoreDriver
  stores?: StorePorts
  settings: { secret: Uint8Array }
}): StorePorts {
  if (deps.stores) return deps.stores
  const cached = built.get(deps.driver)
  if (cached && cached.secret === deps.settings.secret) return cached.stores
  const stores = appStores(deps)
  built.set(deps.driver, { secret: deps.settings.secret, stores })
  return stores
}
