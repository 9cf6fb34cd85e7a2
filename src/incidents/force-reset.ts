import { and, eq, inArray, sql } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { RESET_TOKEN_TTL_MS, newResetToken } from '../accounts/reset-tokens.js'
import type { KeyedHash } from '../crypto/keyed-hash.js'
import type { Random } from '../ports/random.js'
import type { StoreDriver } from '../store/database.js'
import { accounts, resetTokens } from '../store/schema.js'
import { writeAudited, type AuditAppendInput } from '../audit/append-audit.js'
import { outboxInsert } from '../webhooks/outbox-insert.js'
import { chunked } from './batching.js'
import { countNewResets } from './counter-deltas.js'
import { incidentReasonPattern } from './reset-reasons.js'

/** A reset token issued for one account: handed to the caller once, stored only as an HMAC. */
export interface IssuedReset {
  externalId: string
  token: string
  expiresAt: string
}

export interface ForceResetDeps {
  driver: StoreDriver
  random: Random
  tokenKey: KeyedHash
  /** The service secret, which keys the audit chain. */
  settings: { secret: Uint8Array }
}

/** Accounts per atomic batch: flag, token and event rows for each commit together. */
const CHUNK = 200

/**
 * Forces a password reset on the accounts: sets mustReset with `reason` (kept unique among the
 * account's reasons), issues a one-time token per account and writes an
 * `account.reset_required` event, all three with the audit entry in one atomic batch per chunk
 * (a large reset is several entries, each counting the accounts its batch reset). The event carries
 * no token: an undelivered outbox row would otherwise leave a live token readable in the
 * database. The tokens are returned to the caller instead.
 */
export async function forceResets(
  deps: ForceResetDeps,
  input: {
    tenantId: string
    externalIds: readonly string[]
    reason: string
    now: number
    incidentId?: string
    /** The audit entry recording one chunk's resets, written in that chunk's batch. */
    audit: (accounts: number) => AuditAppendInput
  },
): Promise<IssuedReset[]> {
  const issued: IssuedReset[] = []
  const expiresAt = input.now + RESET_TOKEN_TTL_MS
  for (const chunk of chunked(input.externalIds, CHUNK)) {
    const statements: BatchItem<'sqlite'>[] = [flagStatement(deps.driver, input, chunk)]
    if (input.incidentId) {
      // Before the tokens: counts the accounts this incident had not forced a reset on yet.
      const scope = { tenantId: input.tenantId, incidentId: input.incidentId }
      const pattern = incidentReasonPattern(input.incidentId)
      statements.push(countNewResets(deps.driver.db, scope, chunk, pattern))
    }
    const tokens = await Promise.all(
      chunk.map(async (externalId) => ({
        externalId,
        ...(await newResetToken(
          { random: deps.random, key: deps.tokenKey },
          { tenantId: input.tenantId, externalId, reason: input.reason, now: input.now },
        )),
      })),
    )
    statements.push(deps.driver.db.insert(resetTokens).values(tokens.map(({ row }) => row)))
    for (const externalId of chunk) {
      const data = {
        externalId,
        reason: input.reason,
        ...(input.incidentId && { incidentId: input.incidentId }),
        resetTokenExpiresAt: new Date(expiresAt).toISOString(),
      }
      const type = 'account.reset_required'
      statements.push(
        outboxInsert(deps.driver.db, { tenantId: input.tenantId, type, data, now: input.now })
          .statement,
      )
    }
    await writeAudited(deps, input.audit(chunk.length), { before: statements })
    for (const { externalId, token } of tokens) {
      issued.push({ externalId, token, expiresAt: new Date(expiresAt).toISOString() })
    }
  }
  return issued
}

function flagStatement(
  driver: StoreDriver,
  input: { tenantId: string; reason: string; now: number },
  externalIds: string[],
) {
  return driver.db
    .update(accounts)
    .set({
      mustReset: true,
      updatedAt: input.now,
      resetReasons: sql`(SELECT json_group_array(value) FROM (SELECT value FROM json_each(${accounts.resetReasons}) UNION SELECT ${input.reason}))`,
    })
    .where(and(eq(accounts.tenantId, input.tenantId), inArray(accounts.externalId, externalIds)))
}
