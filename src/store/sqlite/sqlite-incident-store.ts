import { and, eq } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import { openIncidentCounters } from './sqlite-incident-counters.js'
import type { KeyedHash } from '../../crypto/keyed-hash.js'
import type { StoreDriver } from '../database.js'
import type { IncidentStore } from '../ports/incident-store.js'
import { incidents } from '../schema.js'
import { sqliteWriteAudited } from './sqlite-audited-write.js'
import { createSqliteIncidentReads } from './sqlite-incident-reads.js'
import { sqliteOutboxEventInsert } from './sqlite-outbox-event-insert.js'

const asItem = (statement: unknown) => statement as BatchItem<'sqlite'>

/** Incidents on SQLite and D1: every audited write is one batch with its entry. */
export function createSqliteIncidentStore(driver: StoreDriver, key: KeyedHash): IncidentStore {
  const { db } = driver
  return {
    ...createSqliteIncidentReads(db),
    async create(row, event, entry) {
      const scope = { tenantId: row.tenantId, incidentId: row.id }
      const before = [
        asItem(db.insert(incidents).values(row)),
        asItem(openIncidentCounters(db, scope)),
        sqliteOutboxEventInsert(db, event),
      ]
      await sqliteWriteAudited(driver, key, entry, { before })
    },
    async recordAuthorityNotified({ tenantId, id, at }, entry) {
      const update = db
        .update(incidents)
        .set({ authorityNotifiedAt: at })
        .where(and(eq(incidents.tenantId, tenantId), eq(incidents.id, id)))
      await sqliteWriteAudited(driver, key, entry, { before: [asItem(update)] })
    },
  }
}
