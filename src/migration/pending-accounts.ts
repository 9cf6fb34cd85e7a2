import type { Database } from '../store/database.js'
import type { WrapStore } from '../store/ports/wrap-store.js'
import { createSqliteWrapStore } from '../store/sqlite/sqlite-wrap-store.js'

const legacyStores = new WeakMap<Database, WrapStore>()

/**
 * The wrap store for callers not yet on store ports (the console's figures, tests that run the
 * job on a bare database): the SQLite adapter over their database, built once per database.
 * Which rows are pending is the port's rule (src/store/ports/wrap-store.ts).
 */
export function wrapStoreOver(db: Database): WrapStore {
  let store = legacyStores.get(db)
  if (!store) legacyStores.set(db, (store = createSqliteWrapStore(db)))
  return store
}
