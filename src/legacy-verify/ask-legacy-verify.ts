import type { Clock } from '../ports/clock.js'
import type { Logger } from '../ports/logger.js'
import { toBase64Url, type Random } from '../ports/random.js'
import type { LegacyVerifyStore } from '../store/ports/legacy-verify-store.js'
import type { SecretSealer } from '../webhooks/webhook-secret-sealer.js'
import type { WebhookSender } from '../webhooks/webhook-sender.js'
import { signWebhook, SIGNATURE_HEADER } from '../webhooks/webhook-signature.js'
import { legacySealContext } from './legacy-verify-store.js'

/** `{"verified": true}` is a few bytes; anything long is not an answer. */
const MAX_ANSWER_BYTES = 1_024

export interface LegacyVerifyDeps {
  /** The tenant's endpoint is read through the port, so it works on every backend. */
  store: Pick<LegacyVerifyStore, 'find'>
  sender: WebhookSender
  sealer: SecretSealer
  clock: Clock
  random: Random
  logger: Logger
}

/** Why the legacy system gave no answer: coarse, safe to log and to show an admin. */
export type LegacyUnavailableReason =
  | 'not_configured'
  | 'secret_unreadable'
  | 'refused_target'
  | 'timeout'
  | 'connect_failed'
  | 'http_error'
  | 'bad_answer'

export type LegacyVerdict =
  | { kind: 'verified' }
  | { kind: 'not_verified' }
  | { kind: 'unavailable'; reason: LegacyUnavailableReason }

/**
 * Asks the tenant's legacy system whether `password` is right for `externalId`: one signed
 * POST (the webhook header and scheme), through the webhook sender, so the same target rules,
 * address pinning and no-redirect policy apply. Only `200 {"verified": boolean}` is an answer;
 * everything else is `unavailable`. The password is in the request body only: never logged,
 * never kept.
 */
export async function askLegacyVerify(
  deps: LegacyVerifyDeps,
  input: { tenantId: string; externalId: string; password: string },
): Promise<LegacyVerdict> {
  const unavailable = (reason: LegacyUnavailableReason): LegacyVerdict => {
    deps.logger.warn('legacy_verify.unavailable', { tenantId: input.tenantId, reason })
    return { kind: 'unavailable', reason }
  }
  const config = await deps.store.find(input.tenantId)
  if (!config) return unavailable('not_configured')
  const secret = await deps.sealer.open(legacySealContext(input.tenantId), config.sealedSecret)
  if (secret === null) return unavailable('secret_unreadable')
  const body = JSON.stringify({ externalId: input.externalId, password: input.password })
  const timestamp = Math.floor(deps.clock.now() / 1000)
  const result = await deps.sender.send({
    url: config.url,
    body,
    timeoutMs: config.timeoutMs,
    readBodyBytes: MAX_ANSWER_BYTES,
    headers: {
      'Webhook-Id': `lv_${toBase64Url(deps.random.bytes(16))}`,
      'Webhook-Timestamp': String(timestamp),
      [SIGNATURE_HEADER]: await signWebhook(secret, timestamp, body),
    },
  })
  if (!result.ok) {
    const reason = result.error
    if (reason === 'timeout' || reason === 'connect_failed' || reason === 'refused_target')
      return unavailable(reason)
    return unavailable(reason === 'bad_answer' ? 'bad_answer' : 'http_error')
  }
  if (result.status !== 200) return unavailable('bad_answer')
  const verified = parseAnswer(result.body ?? '')
  return verified === null
    ? unavailable('bad_answer')
    : { kind: verified ? 'verified' : 'not_verified' }
}

function parseAnswer(text: string): boolean | null {
  try {
    const parsed = JSON.parse(text) as { verified?: unknown } | null
    return typeof parsed?.verified === 'boolean' ? parsed.verified : null
  } catch {
    return null
  }
}
