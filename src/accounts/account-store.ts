import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Database } from '../store/database.js'
import type { AccountRow } from '../store/ports/account-store.js'
import { accounts } from '../store/schema.js'

/*
 * The SQLite-only account queries that modules not yet on store ports still call (the console,
 * incidents, breach policy, the import). Accounts' own routes use `services.stores.accounts`
 * (src/store/ports/account-store.ts); these go when their last caller moves.
 */

export type { AccountRow }

const byKey = (tenantId: string, externalId: string) =>
  and(eq(accounts.tenantId, tenantId), eq(accounts.externalId, externalId))

export async function findAccount(
  db: Database,
  tenantId: string,
  externalId: string,
): Promise<AccountRow | null> {
  const rows = await db.select().from(accounts).where(byKey(tenantId, externalId)).limit(1)
  return rows[0] ?? null
}

/**
 * The account holding any of these e-mail indexes (current first, then v1, see email-index.ts).
 * The (tenant, index) pair is unique, so at most one row per candidate.
 */
export async function findAccountByEmailIndex(
  db: Database,
  tenantId: string,
  candidates: readonly string[],
): Promise<AccountRow | null> {
  const rows = await db
    .select()
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), inArray(accounts.emailIndex, [...candidates])))
  return candidates.map((c) => rows.find((row) => row.emailIndex === c)).find(Boolean) ?? null
}

/** Sets mustReset and adds the reason (kept unique) in one statement. */
export async function flagForReset(
  db: Database,
  input: { tenantId: string; externalId: string; reason: string; now: number },
): Promise<void> {
  await db
    .update(accounts)
    .set({
      mustReset: true,
      updatedAt: input.now,
      resetReasons: sql`(SELECT json_group_array(value) FROM (SELECT value FROM json_each(${accounts.resetReasons}) UNION SELECT ${input.reason}))`,
    })
    .where(byKey(input.tenantId, input.externalId))
}

/** Which of these externalIds already exist, with their import fingerprints. */
export async function existingFingerprints(
  db: Database,
  tenantId: string,
  externalIds: string[],
): Promise<Map<string, string | null>> {
  if (externalIds.length === 0) return new Map()
  const rows = await db
    .select({ externalId: accounts.externalId, fingerprint: accounts.importFingerprint })
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), inArray(accounts.externalId, externalIds)))
  return new Map(rows.map((row) => [row.externalId, row.fingerprint]))
}

export function parseReasons(row: Pick<AccountRow, 'resetReasons'>): string[] {
  try {
    const parsed: unknown = JSON.parse(row.resetReasons)
    return Array.isArray(parsed) ? parsed.filter((r): r is string => typeof r === 'string') : []
  } catch {
    return []
  }
}
