import { and, eq, sql } from 'drizzle-orm'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { PgDatabase } from '../pg-driver-node.js'
import type { AccountMatch, ExposureIngestStore } from '../ports/exposure-ingest-store.js'
import { accountExposures, accounts, exposureRecords } from '../pg-schema.js'
import { pgWriteAudited } from './pg-audited-write.js'
import { pgWriteExposureBatch } from './pg-exposure-writes.js'

/** Exposure ingest on PostgreSQL: reads bind each list as one array; the write is one transaction. */
export function createPgExposureIngestStore(db: PgDatabase, key: KeyedHash): ExposureIngestStore {
  const match = {
    externalId: accounts.externalId,
    emailIndex: accounts.emailIndex,
    passwordHash: accounts.passwordHash,
    importFingerprint: accounts.importFingerprint,
    importedAt: accounts.importedAt,
    passwordChangedAt: accounts.passwordChangedAt,
  }
  const accountsWhere = async (
    tenantId: string,
    column: typeof accounts.externalId | typeof accounts.emailIndex,
    values: string[],
  ): Promise<AccountMatch[]> =>
    values.length === 0
      ? []
      : db
          .select(match)
          .from(accounts)
          .where(
            and(
              eq(accounts.tenantId, tenantId),
              sql`${column} = ANY(${sql.param(values)}::text[])`,
            ),
          )
  return {
    async existingKeys(scope, keys) {
      if (keys.length === 0) return new Map()
      const e = exposureRecords
      const rows = await db
        .select({ key: e.recordKey, pending: e.digestPending })
        .from(e)
        .where(
          and(
            eq(e.tenantId, scope.tenantId),
            eq(e.incidentId, scope.incidentId),
            sql`${e.recordKey} = ANY(${sql.param(keys)}::text[])`,
          ),
        )
      return new Map(rows.map((row) => [row.key, row.pending]))
    },
    accountsByExternalId: (tenantId, ids) => accountsWhere(tenantId, accounts.externalId, ids),
    accountsByEmailIndex: (tenantId, indexes) =>
      accountsWhere(tenantId, accounts.emailIndex, indexes),
    async exposedAlready(scope, externalIds) {
      if (externalIds.length === 0) return new Set()
      const a = accountExposures
      const rows = await db
        .select({ id: a.externalId })
        .from(a)
        .where(
          and(
            eq(a.tenantId, scope.tenantId),
            eq(a.incidentId, scope.incidentId),
            sql`${a.externalId} = ANY(${sql.param(externalIds)}::text[])`,
          ),
        )
      return new Set(rows.map((row) => row.id))
    },
    async writeBatch(batch, entry) {
      await pgWriteAudited(db, key, entry, async (tx) => {
        await pgWriteExposureBatch(tx, batch)
        return true
      })
    },
  }
}
