import { and, eq, lt, or } from 'drizzle-orm'
import type { Database } from '../../store/database.js'
import { consoleSessions } from '../../store/schema.js'
import { randomToken, type Random } from '../../ports/random.js'

/** A session ends after this long without a request (OWASP: 15–30 min for admin tools). */
export const SESSION_IDLE_MS = 30 * 60_000
/** …and after this long whatever happens, so a stolen cookie does not live forever. */
export const SESSION_MAX_MS = 12 * 60 * 60_000
/** lastSeenAt is written at most this often: a page view should not always cost a write. */
const TOUCH_EVERY_MS = 60_000

export interface ConsoleSession {
  id: string
  userId: string
  tenantId: string
}

/** SHA-256 hex of the session id: the table never holds a usable cookie value. */
export async function hashSessionId(id: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id))
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('')
}

/** A new session with a fresh 256-bit id (never one the browser proposed: no fixation). */
export async function startSession(
  db: Database,
  random: Random,
  input: { userId: string; tenantId: string; now: number },
): Promise<ConsoleSession> {
  const id = randomToken(random, 32)
  await db.insert(consoleSessions).values({
    idHash: await hashSessionId(id),
    userId: input.userId,
    tenantId: input.tenantId,
    createdAt: input.now,
    lastSeenAt: input.now,
  })
  return { id, userId: input.userId, tenantId: input.tenantId }
}

/** The live session for a cookie value, or null (unknown, idle too long or too old). */
export async function readSession(
  db: Database,
  id: string,
  now: number,
): Promise<ConsoleSession | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null
  const idHash = await hashSessionId(id)
  const rows = await db
    .select()
    .from(consoleSessions)
    .where(eq(consoleSessions.idHash, idHash))
    .limit(1)
  const row = rows[0]
  if (!row) return null
  if (row.lastSeenAt + SESSION_IDLE_MS <= now || row.createdAt + SESSION_MAX_MS <= now) {
    await db.delete(consoleSessions).where(eq(consoleSessions.idHash, idHash))
    return null
  }
  if (now - row.lastSeenAt >= TOUCH_EVERY_MS) {
    await db
      .update(consoleSessions)
      .set({ lastSeenAt: now })
      .where(eq(consoleSessions.idHash, idHash))
  }
  return { id, userId: row.userId, tenantId: row.tenantId }
}

export async function endSession(db: Database, id: string): Promise<void> {
  await db.delete(consoleSessions).where(eq(consoleSessions.idHash, await hashSessionId(id)))
}

/** Drops the user's expired sessions, so the table does not grow with every login. */
export async function pruneSessions(db: Database, userId: string, now: number): Promise<void> {
  await db
    .delete(consoleSessions)
    .where(
      and(
        eq(consoleSessions.userId, userId),
        or(
          lt(consoleSessions.lastSeenAt, now - SESSION_IDLE_MS),
          lt(consoleSessions.createdAt, now - SESSION_MAX_MS),
        ),
      ),
    )
}
