import { eq, like } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../store/database.js'
import { apiKeys, serviceMarkers } from '../store/schema.js'
import { hashApiKey } from './api-key.js'

/** The marker's name: once this row exists, the database never mints a bootstrap key again. */
export const BOOTSTRAP_MARKER = 'bootstrap_admin_key'

export interface BootstrapMarker {
  /** The key it stored, when known (null for databases bootstrapped before markers existed). */
  keyId: string | null
  at: number
}

export async function findBootstrapMarker(db: Database): Promise<BootstrapMarker | null> {
  const rows = await db
    .select()
    .from(serviceMarkers)
    .where(eq(serviceMarkers.name, BOOTSTRAP_MARKER))
    .limit(1)
  return rows[0] ? { keyId: rows[0].value, at: rows[0].at } : null
}

/**
 * The marker INSERT. Plain on purpose: of two isolates bootstrapping at once, the second one's
 * batch (key included) fails on the primary key and rolls back.
 */
export function bootstrapMarkerInsert(
  db: Database,
  input: { keyId: string | null; at: number },
): BatchItem<'sqlite'> {
  const row = { name: BOOTSTRAP_MARKER, value: input.keyId, at: input.at }
  return db.insert(serviceMarkers).values(row) as unknown as BatchItem<'sqlite'>
}

/** Records that bootstrapping is done without storing a key (admin keys already exist). */
export async function recordBootstrapDone(db: Database, at: number): Promise<void> {
  await db
    .insert(serviceMarkers)
    .values({ name: BOOTSTRAP_MARKER, value: null, at })
    .onConflictDoNothing()
}

/** Whether any admin key was ever stored, revoked or not: a database already in use. */
export async function anyAdminKeyEver(db: Database): Promise<boolean> {
  const rows = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(like(apiKeys.scopes, '%admin%'))
    .limit(1)
  return rows.length > 0
}

/** What the operator's bootstrap variable is to this database now. */
export async function presentedKeyState(
  db: Database,
  key: string,
): Promise<'active' | 'revoked' | 'unknown'> {
  const rows = await db
    .select({ revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, await hashApiKey(key)))
    .limit(1)
  if (!rows[0]) return 'unknown'
  return rows[0].revokedAt === null ? 'active' : 'revoked'
}
