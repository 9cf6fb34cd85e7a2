import { and, count, eq, gt, inArray, notInArray, notLike } from 'drizzle-orm'
import type { Database } from '../store/database.js'
import { accounts } from '../store/schema.js'

/** Argon2 rows are upgraded by login only (parameter drift); wrapped rows are done. */
/** Legacy-verify rows hold no hash to wrap: only their first login can import them. */
const NEVER_SCANNED = ['argon2id', 'argon2i', 'argon2d', 'django_argon2', 'legacy_verify']

export const pending = (tenantId: string) =>
  and(
    eq(accounts.tenantId, tenantId),
    notLike(accounts.scheme, 'wrapped:%'),
    notInArray(accounts.scheme, NEVER_SCANNED),
  )

/** Rows the wrap job will look at (optionally after a cursor), for progress and the report. */
export async function countPending(db: Database, tenantIds: string[], after?: string) {
  if (tenantIds.length === 0) return 0
  const [row] = await db
    .select({ n: count() })
    .from(accounts)
    .where(
      and(
        inArray(accounts.tenantId, tenantIds),
        notLike(accounts.scheme, 'wrapped:%'),
        notInArray(accounts.scheme, NEVER_SCANNED),
        gt(accounts.externalId, after ?? ''),
      ),
    )
  return row?.n ?? 0
}

/** Whether a bounded run left rows behind `cursor`. */
export async function hasPendingAfter(db: Database, tenantId: string, cursor: string) {
  const rows = await db
    .select({ id: accounts.externalId })
    .from(accounts)
    .where(and(pending(tenantId), gt(accounts.externalId, cursor)))
    .limit(1)
  return rows.length > 0
}
