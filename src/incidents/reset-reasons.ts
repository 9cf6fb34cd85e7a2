/** Forced-reset scopes of an incident, widest last. */
export const RESET_SCOPES = ['password_match', 'exposed', 'all'] as const
export type ResetScope = (typeof RESET_SCOPES)[number]

/** The stable reason codes written to `reset_reasons` (and shown by login as `reasons`). */
export const incidentResetReason = (incidentId: string, scope: ResetScope) =>
  `incident:${incidentId}:${scope}`
export const ADMIN_RESET_REASON = 'admin_reset'

/** Responses carrying reset tokens must not sit in any cache. */
export const NO_STORE = { 'cache-control': 'no-store' }

/** LIKE pattern of every reason code of the incident (`_` in ids escaped; use ESCAPE '\'). */
export const incidentReasonPattern = (incidentId: string) =>
  `incident:${incidentId.replaceAll('_', '\\_')}:%`
