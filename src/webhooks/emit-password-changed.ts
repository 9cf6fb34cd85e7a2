import { and, eq, sql } from 'drizzle-orm'
import type { StoreDriver } from '../store/database.js'
import { accounts } from '../store/schema.js'
import { outboxInsert } from './outbox-insert.js'

/**
 * Records `account.password_changed` once a change has committed. Guarded by the new hash
 * (argon2id salts make it unique): if a concurrent change replaced it meanwhile, that change
 * reports itself and this one writes nothing.
 */
export async function emitPasswordChanged(
  driver: StoreDriver,
  input: {
    tenantId: string
    externalId: string
    newHash: string
    via: 'current_password' | 'reset_token'
    now: number
  },
): Promise<void> {
  const holdsNewHash = and(
    eq(accounts.tenantId, input.tenantId),
    eq(accounts.externalId, input.externalId),
    eq(accounts.passwordHash, input.newHash),
  )
  const { statement } = outboxInsert(driver.db, {
    tenantId: input.tenantId,
    type: 'account.password_changed',
    data: { externalId: input.externalId, via: input.via },
    now: input.now,
    onlyIf: sql`exists (select 1 from ${accounts} where ${holdsNewHash})`,
  })
  await driver.batch([statement])
}
