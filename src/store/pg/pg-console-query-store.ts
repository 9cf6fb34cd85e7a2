import { and, count, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm'
import type { PgDatabase } from '../pg-driver-node.js'
import type { ConsoleQueryStore } from '../ports/console-query-store.js'
import { accounts, auditLog, incidents, webhookOutbox } from '../pg-schema.js'

/** The console's cross-aggregate reads on PostgreSQL. */
export function createPgConsoleQueryStore(db: PgDatabase): ConsoleQueryStore {
  return {
    async flaggedAccounts(tenantId) {
      const [row] = await db
        .select({ n: count() })
        .from(accounts)
        .where(and(eq(accounts.tenantId, tenantId), eq(accounts.mustReset, true)))
      return row?.n ?? 0
    },
    async openIncidents(tenantId, limit) {
      return db
        .select({
          id: incidents.id,
          name: incidents.name,
          notifyAuthorityBy: incidents.notifyAuthorityBy,
          createdAt: incidents.createdAt,
        })
        .from(incidents)
        .where(and(eq(incidents.tenantId, tenantId), isNull(incidents.authorityNotifiedAt)))
        .orderBy(desc(incidents.createdAt))
        .limit(limit)
    },
    async searchAudit(search) {
      return db
        .select()
        .from(auditLog)
        .where(
          and(
            eq(auditLog.tenantId, search.tenantId),
            // strpos, not LIKE: a plain case-sensitive substring, as instr on SQLite.
            search.actionContains
              ? sql`strpos(${auditLog.action}, ${search.actionContains}::text) > 0`
              : undefined,
            search.actorContains
              ? sql`strpos(${auditLog.actor}, ${search.actorContains}::text) > 0`
              : undefined,
            search.fromMs === undefined ? undefined : gte(auditLog.at, search.fromMs),
            search.untilMs === undefined ? undefined : lt(auditLog.at, search.untilMs),
            search.before === undefined ? undefined : lt(auditLog.seq, search.before),
          ),
        )
        .orderBy(desc(auditLog.seq))
        .limit(search.limit)
    },
    async incidentWebhookStatus(tenantId, incidentId) {
      const ofIncident = and(
        eq(webhookOutbox.tenantId, tenantId),
        eq(webhookOutbox.incidentId, incidentId),
      )
      const [counts] = await db
        .select({
          delivered: sql<number>`coalesce(sum(case when ${webhookOutbox.deliveredAt} is not null then 1 else 0 end), 0)`,
          failed: sql<number>`coalesce(sum(case when ${webhookOutbox.deliveredAt} is null and ${webhookOutbox.failedAt} is not null then 1 else 0 end), 0)`,
          total: sql<number>`count(*)`,
        })
        .from(webhookOutbox)
        .where(ofIncident)
      const recentFailures = await db
        .select({
          id: webhookOutbox.id,
          type: webhookOutbox.type,
          lastError: webhookOutbox.lastError,
        })
        .from(webhookOutbox)
        .where(and(ofIncident, sql`${webhookOutbox.failedAt} is not null`))
        .orderBy(desc(webhookOutbox.failedAt))
        .limit(5)
      const delivered = Number(counts?.delivered ?? 0)
      const failed = Number(counts?.failed ?? 0)
      const pending = Number(counts?.total ?? 0) - delivered - failed
      return { pending, delivered, failed, recentFailures }
    },
    async outboxBacklog() {
      const [row] = await db
        .select({ pending: count() })
        .from(webhookOutbox)
        .where(and(isNull(webhookOutbox.deliveredAt), isNull(webhookOutbox.failedAt)))
      return row?.pending ?? 0
    },
    async ping() {
      await db.execute(sql`SELECT 1`)
    },
  }
}
