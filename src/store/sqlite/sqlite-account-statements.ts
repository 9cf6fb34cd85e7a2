import { and, eq, or, sql } from 'drizzle-orm'
import type { Database } from '../database.js'
import { accounts } from '../schema.js'

const p = (name: string) => sql.placeholder(name)
const byKey = and(eq(accounts.tenantId, p('tenantId')), eq(accounts.externalId, p('externalId')))

/**
 * The account statements a login runs, built and prepared once per database instead of per
 * request: drizzle's query building was most of the CPU a login spent beyond its argon2 hash.
 * Values travel as placeholders; a statement's text never depends on request data.
 */
export function prepareAccountStatements(db: Database) {
  return {
    find: db.select().from(accounts).where(byKey).limit(1).prepare(),
    /** Two candidates (current, v1); a single one is passed twice. */
    findByEmail: db
      .select()
      .from(accounts)
      .where(
        and(
          eq(accounts.tenantId, p('tenantId')),
          or(eq(accounts.emailIndex, p('first')), eq(accounts.emailIndex, p('second'))),
        ),
      )
      .prepare(),
    recordLogin: db
      .update(accounts)
      .set({ lastLoginAt: sql`${p('now')}` })
      .where(byKey)
      .prepare(),
    // Compare-and-swap: the loser of two concurrent upgrades (or a login racing a password
    // change) matches no row, so no write ever overwrites another's result.
    swapHash: db
      .update(accounts)
      .set({
        passwordHash: sql`${p('newHash')}`,
        scheme: sql`${p('scheme')}`,
        updatedAt: sql`${p('now')}`,
        passwordChangedAt: sql`CASE WHEN ${p('passwordChanged')} = 1 THEN ${p('now')} ELSE ${accounts.passwordChangedAt} END`,
      })
      .where(and(byKey, eq(accounts.passwordHash, p('expectedHash'))))
      .returning({ externalId: accounts.externalId })
      .prepare(),
  }
}

export type AccountStatements = ReturnType<typeof prepareAccountStatements>
