import { and, eq, sql } from 'drizzle-orm'
import type { Database } from '../../store/database.js'
import { consoleUsers } from '../../store/schema.js'

export type ConsoleUserRow = typeof consoleUsers.$inferSelect

/** The tenant's console user with this e-mail blind index, or null. */
export async function findConsoleUser(
  db: Database,
  tenantId: string,
  emailIndex: string,
): Promise<ConsoleUserRow | null> {
  const rows = await db
    .select()
    .from(consoleUsers)
    .where(and(eq(consoleUsers.tenantId, tenantId), eq(consoleUsers.emailIndex, emailIndex)))
    .limit(1)
  return rows[0] ?? null
}

export async function findConsoleUserById(db: Database, id: string) {
  const rows = await db.select().from(consoleUsers).where(eq(consoleUsers.id, id)).limit(1)
  return rows[0] ?? null
}

/**
 * Records an accepted TOTP step and the login time. A compare-and-swap on the last step: two
 * logins racing with the same code cannot both win.
 */
export async function consumeTotpStep(
  db: Database,
  input: { id: string; step: number; now: number },
): Promise<boolean> {
  const rows = await db
    .update(consoleUsers)
    .set({ totpLastStep: input.step, lastLoginAt: input.now })
    .where(and(eq(consoleUsers.id, input.id), sql`${consoleUsers.totpLastStep} < ${input.step}`))
    .returning({ id: consoleUsers.id })
  return rows.length === 1
}
