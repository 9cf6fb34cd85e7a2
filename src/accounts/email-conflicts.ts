import type { AccountStore } from '../store/ports/account-store.js'

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
  accounts: Pick<AccountStore, 'emailHolders'>,
  tenantId: string,
  claims: readonly EmailClaim[],
): Promise<Set<EmailClaim>> {
  const all = claims.flatMap((claim) => claim.indexes)
  const holders = await accounts.emailHolders(tenantId, all)
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
