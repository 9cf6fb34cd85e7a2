import type { LegacyVerifyRow } from '../store/ports/legacy-verify-store.js'
import type { SecretSealer } from '../webhooks/webhook-secret-sealer.js'

export type { LegacyVerifyRow } from '../store/ports/legacy-verify-store.js'

/** Default and ceiling for the hook's timeout: a login is waiting on it. */
export const DEFAULT_LEGACY_TIMEOUT_MS = 5_000
export const MAX_LEGACY_TIMEOUT_MS = 10_000

/** The config as admins see it: never the secret. */
export interface LegacyVerifyView {
  url: string
  timeoutMs: number
  createdAt: string
  updatedAt: string
}

/**
 * Sealing context: the tenant id plus a purpose, so a sealed webhook secret copied into this
 * table (or the reverse) does not open.
 */
export const legacySealContext = (tenantId: string) => `legacy-verify:${tenantId}`

/** The row to store: the secret sealed under the legacy-verify context, never in clear. */
export async function legacyVerifyRow(
  sealer: SecretSealer,
  input: { tenantId: string; url: string; secret: string; timeoutMs: number; now: number },
): Promise<LegacyVerifyRow> {
  const sealedSecret = await sealer.seal(legacySealContext(input.tenantId), input.secret)
  const { tenantId, url, timeoutMs, now } = input
  return { tenantId, url, sealedSecret, timeoutMs, createdAt: now, updatedAt: now }
}

export function toLegacyVerifyView(row: LegacyVerifyRow): LegacyVerifyView {
  return {
    url: row.url,
    timeoutMs: row.timeoutMs,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  }
}
