import type { Database } from '../store/database.js'
import type { AccountRow } from '../store/ports/account-store.js'
import {
  sqliteFindAccount,
  sqliteFindByEmailIndex,
  sqliteFlagForReset,
} from '../store/sqlite/sqlite-account-store.js'

/*
 * Account reads and writes on a bare SQLite `db`, for modules not yet on store ports (the
 * console, incidents, breach policy). The queries themselves live once, in the SQLite adapter
 * (src/store/sqlite/sqlite-account-store.ts); everything else uses `services.stores.accounts`.
 * These wrappers go when their last caller moves.
 */

export type { AccountRow }

export async function findAccount(
  db: Database,
  tenantId: string,
  externalId: string,
): Promise<AccountRow | null> {
  return sqliteFindAccount(db, { tenantId, externalId })
}

/** The account holding any of these e-mail indexes (current first, then v1, see email-index.ts). */
export async function findAccountByEmailIndex(
  db: Database,
  tenantId: string,
  candidates: readonly string[],
): Promise<AccountRow | null> {
  return sqliteFindByEmailIndex(db, tenantId, candidates)
}

/** Sets mustReset and adds the reason (kept unique) in one statement. */
export async function flagForReset(
  db: Database,
  input: { tenantId: string; externalId: string; reason: string; now: number },
): Promise<void> {
  await sqliteFlagForReset(db, input)
}

export function parseReasons(row: Pick<AccountRow, 'resetReasons'>): string[] {
  try {
    const parsed: unknown = JSON.parse(row.resetReasons)
    return Array.isArray(parsed) ? parsed.filter((r): r is string => typeof r === 'string') : []
  } catch {
    return []
  }
}
