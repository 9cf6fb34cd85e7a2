import { AuditDetailsError, checkAuditDetails } from './audit-details.js'

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

/** A checked entry, ready to be linked: validation happens before anything is written. */
export interface CheckedAuditEntry {
  tenantId: string
  actor: string
  action: string
  target: string | null
  detailsText: string
  details: Record<string, unknown>
  at: number
}

/** Refuses secret-looking details and e-mail-shaped targets: a programming error, thrown early. */
export function checkAuditEntry(input: AuditAppendInput): CheckedAuditEntry {
  const detailsText = checkAuditDetails(input.details ?? {})
  const target = input.target ?? null
  if (target !== null && /[^\s@]+@[^\s@]+\.[^\s@]+/.test(target)) {
    throw new AuditDetailsError('audit target looks like an e-mail address')
  }
  const { tenantId, actor, action, at } = input
  const details = JSON.parse(detailsText) as Record<string, unknown>
  return { tenantId, actor, action, target, detailsText, details, at }
}
