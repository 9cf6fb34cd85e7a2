import { and, eq, isNull, sql } from 'drizzle-orm'
import type { PgDatabase } from '../pg-driver-node.js'
import { accounts, apiKeys, tenants } from '../pg-schema.js'

const p = (name: string) => sql.placeholder(name)
const byKey = and(eq(accounts.tenantId, p('tenantId')), eq(accounts.externalId, p('externalId')))

/**
 * The statements every login runs, built once per database handle and named, so node-postgres
 * parses them once per connection and later sends only Bind/Execute: drizzle no longer builds
 * the SQL per call and PostgreSQL no longer parses and plans it per call (the SQLite adapters
 * prepare theirs once per database for the same reason). The SQL is the same as the ad-hoc
 * queries it replaces; only the values moved into placeholders.
 */
function build(db: PgDatabase) {
  const swap = (passwordChanged: boolean, name: string) =>
    db
      .update(accounts)
      .set({
        passwordHash: sql`${p('newHash')}`,
        scheme: sql`${p('scheme')}`,
        updatedAt: sql`${p('now')}`,
        ...(passwordChanged ? { passwordChangedAt: sql`${p('now')}` } : {}),
      })
      .where(and(byKey, eq(accounts.passwordHash, p('expectedHash'))))
      .returning({ id: accounts.externalId })
      .prepare(name)
  return {
    activeApiKey: db
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.keyHash, p('keyHash')), isNull(apiKeys.revokedAt)))
      .limit(1)
      .prepare('pwg_api_key_active'),
    tenant: db
      .select()
      .from(tenants)
      .where(eq(tenants.id, p('id')))
      .limit(1)
      .prepare('pwg_tenant_by_id'),
    account: db.select().from(accounts).where(byKey).limit(1).prepare('pwg_account_by_key'),
    recordLogin: db
      .update(accounts)
      .set({ lastLoginAt: sql`${p('now')}` })
      .where(byKey)
      .prepare('pwg_account_record_login'),
    swapHash: swap(false, 'pwg_account_swap_hash'),
    swapHashChanged: swap(true, 'pwg_account_swap_hash_changed'),
  }
}

export type PgLoginStatements = ReturnType<typeof build>

const built = new WeakMap<PgDatabase, PgLoginStatements>()

/** The login statements of `db` (one drizzle handle per pool), built on first use. */
export function pgLoginStatements(db: PgDatabase): PgLoginStatements {
  let statements = built.get(db)
  if (!statements) built.set(db, (statements = build(db)))
  return statements
}
