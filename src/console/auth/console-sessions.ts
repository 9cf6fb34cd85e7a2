import type { AuditedEntry } from '../../store/ports/audited-write.js'
import type { ConsoleAuthStore } from '../../store/ports/console-auth-store.js'
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

/**
 * A new session with a fresh 256-bit id (never one the browser proposed: no fixation). With
 * `audit`, the sign-in entry is written atomically with it; `replaces` (the cookie the browser
 * brought) is ended in the same write.
 */
export async function startSession(
  consoleAuth: ConsoleAuthStore,
  random: Random,
  input: { userId: string; tenantId: string; now: number; audit?: AuditedEntry; replaces?: string },
): Promise<ConsoleSession> {
  const id = randomToken(random, 32)
  const { userId, tenantId, now } = input
  const row = { idHash: await hashSessionId(id), userId, tenantId, createdAt: now, lastSeenAt: now }
  const replaces = input.replaces ? await hashSessionId(input.replaces) : null
  await consoleAuth.startSession(row, input.audit ?? null, replaces)
  return { id, userId, tenantId }
}

/** The live session for a cookie value, or null (unknown, idle too long or too old). */
export async function readSession(
  consoleAuth: ConsoleAuthStore,
  id: string,
  now: number,
): Promise<ConsoleSession | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null
  const idHash = await hashSessionId(id)
  const row = await consoleAuth.findSession(idHash)
  if (!row) return null
  if (row.lastSeenAt + SESSION_IDLE_MS <= now || row.createdAt + SESSION_MAX_MS <= now) {
    await consoleAuth.endSession(idHash, null)
    return null
  }
  if (now - row.lastSeenAt >= TOUCH_EVERY_MS) await consoleAuth.touchSession(idHash, now)
  return { id, userId: row.userId, tenantId: row.tenantId }
}

/**
 * Ends a session; with `audit`, the sign-out entry is written atomically with it (and only if
 * the session existed).
 */
export async function endSession(
  consoleAuth: ConsoleAuthStore,
  id: string,
  audit?: AuditedEntry,
): Promise<boolean> {
  return consoleAuth.endSession(await hashSessionId(id), audit ?? null)
}

/** Drops the user's expired sessions, so the table does not grow with every login. */
export async function pruneSessions(
  consoleAuth: ConsoleAuthStore,
  userId: string,
  now: number,
): Promise<void> {
  await consoleAuth.pruneSessions(userId, {
    idleBefore: now - SESSION_IDLE_MS,
    createdBefore: now - SESSION_MAX_MS,
  })
}
