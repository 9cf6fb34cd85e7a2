import type { Database } from '../store/database.js'
import type { AccountExposure, AccountStore } from '../store/ports/account-store.js'
import { sqliteAccountExposures } from '../store/sqlite/sqlite-account-exposures.js'

/**
 * The incidents that exposed this account, oldest first. Takes `stores.accounts`; a bare SQLite
 * `db` still works for the console's `toAccountView` until it holds store ports.
 */
export function listAccountExposures(
  source: Pick<AccountStore, 'listExposures'> | Database,
  tenantId: string,
  externalId: string,
): Promise<AccountExposure[]> {
  if ('listExposures' in source) return source.listExposures({ tenantId, externalId })
  return sqliteAccountExposures(source, { tenantId, externalId })
}
