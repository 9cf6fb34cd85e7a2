import { eq } from 'drizzle-orm'
import type { Database } from '../store/database.js'
import { tenants } from '../store/schema.js'

export type Tenant = typeof tenants.$inferSelect

export const DEFAULT_TENANT_ID = 'default'

/** Returns the tenant, or null when it does not exist. */
export async function findTenant(db: Database, id: string): Promise<Tenant | null> {
  const rows = await db.select().from(tenants).where(eq(tenants.id, id)).limit(1)
  return rows[0] ?? null
}

/** Creates the tenant if absent (idempotent: a single INSERT ... ON CONFLICT DO NOTHING). */
export async function ensureTenant(
  db: Database,
  tenant: { id: string; name?: string; serviceName?: string | null },
  now: number,
): Promise<Tenant> {
  await db
    .insert(tenants)
    .values({
      id: tenant.id,
      name: tenant.name ?? tenant.id,
      serviceName: tenant.serviceName ?? null,
      createdAt: now,
    })
    .onConflictDoNothing()
  const found = await findTenant(db, tenant.id)
  if (!found) throw new Error(`tenant ${tenant.id} vanished right after insert`)
  return found
}
