import { and, eq, inArray } from 'drizzle-orm'
import type { Database } from '../store/database.js'
import { accounts } from '../store/schema.js'

export interface EmailClaim {
  externalId: string
  /** Current (v2) index first, then the v1 index older rows may hold. */
  indexes: readonly string[]
}

/**
 * Which claims would give an e-mail a second account in the tenant: the address is held by
 * another externalId in the database, or by an earlier claim in the same list. Checked before
 * a bulk write so the unique (tenant, e-mail index) constraint never fails a whole batch.
 */
export async function conflictingEmailClaims(
  db: Database,
  tenantId: string,
  claims: readonly EmailClaim[],
): Promise<Set<EmailClaim>> {
  const all = [...new Set(claims.flatMap((claim) => claim.indexes))]
  const holders = new Map<string, string>()
  // Chunked: D1 binds at most 100 parameters per statement.
  for (let start = 0; start < all.length; start += 90) {
    const rows = await db
      .select({ externalId: accounts.externalId, emailIndex: accounts.emailIndex })
      .from(accounts)
      .where(
        and(
          eq(accounts.tenantId, tenantId),
          inArray(accounts.emailIndex, all.slice(start, start + 90)),
        ),
      )
    for (const row of rows) if (row.emailIndex) holders.set(row.emailIndex, row.externalId)
  }
  const conflicts = new Set<EmailClaim>()
  for (const claim of claims) {
    const holder = claim.indexes.map((index) => holders.get(index)).find(Boolean)
    if (holder !== undefined && holder !== claim.externalId) {
      conflicts.add(claim)
      continue
    }
    for (const index of claim.indexes) holders.set(index, claim.externalId)
  }
  return conflicts
}
