import { desc, eq } from 'drizzle-orm'
import type { StoreDriver } from '../store/database.js'
import { auditLog } from '../store/schema.js'
import { checkAuditDetails, AuditDetailsError } from './audit-details.js'
import { auditEntryHash, GENESIS_HASH } from './audit-hash.js'

export interface AuditAppendInput {
  tenantId: string
  /** Who: `cli`, `key:<api key id>`, `system`. */
  actor: string
  /** What, as `noun.verb_past`: `api_key.created`, `accounts.imported`, `incident.created`. */
  action: string
  /** The object acted on: an id (key id, externalId, incident id), never an e-mail. */
  target?: string | null
  /** Ids and counts only: see `checkAuditDetails`. */
  details?: Record<string, unknown>
  at: number
}

const MAX_ATTEMPTS = 50

/**
 * Appends one entry to the tenant's hash chain: seq = last + 1, prev_hash = last entry's hash.
 * The insert is a compare-and-swap on the primary key (tenant_id, seq): if a concurrent append
 * took that seq first, nothing is written and we re-read the tail and try again, with jittered
 * backoff, a bounded number of times.
 */
export async function appendAudit(
  driver: StoreDriver,
  input: AuditAppendInput,
): Promise<{ seq: number; hash: string }> {
  const detailsText = checkAuditDetails(input.details ?? {})
  const target = input.target ?? null
  if (target !== null && /[^\s@]+@[^\s@]+\.[^\s@]+/.test(target)) {
    throw new AuditDetailsError('audit target looks like an e-mail address')
  }
  const details = JSON.parse(detailsText) as Record<string, unknown>
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const tail = await lastEntry(driver, input.tenantId)
    const seq = (tail?.seq ?? 0) + 1
    const prevHash = tail?.hash ?? GENESIS_HASH
    const { tenantId, actor, action, at } = input
    const hash = await auditEntryHash({
      tenantId,
      seq,
      at,
      actor,
      action,
      target,
      details,
      prevHash,
    })
    const inserted = await driver.db
      .insert(auditLog)
      .values({ tenantId, seq, at, actor, action, target, details: detailsText, prevHash, hash })
      .onConflictDoNothing()
      .returning({ seq: auditLog.seq })
    if (inserted.length === 1) return { seq, hash }
    // Lost the race: back off a random, growing while so a burst of appends spreads out.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 2 ** Math.min(attempt, 6)))
  }
  throw new Error(`audit append for tenant ${input.tenantId} lost ${MAX_ATTEMPTS} races in a row`)
}

async function lastEntry(driver: StoreDriver, tenantId: string) {
  const rows = await driver.db
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.tenantId, tenantId))
    .orderBy(desc(auditLog.seq))
    .limit(1)
  return rows[0] ?? null
}
