import type { SQL } from 'drizzle-orm'
import type { BatchItem } from 'drizzle-orm/batch'
import type { Database } from '../store/database.js'
import { outboxInsert } from './outbox-insert.js'

/**
 * The outbox insert for `account.password_changed`, to run in the batch that changes the
 * password. `onlyIf` is the condition that the change landed (the account holds the new hash,
 * unique thanks to its salt), so a change that lost its compare-and-swap reports nothing.
 */
export function passwordChangedEvent(
  db: Database,
  input: {
    tenantId: string
    externalId: string
    via: 'current_password' | 'reset_token'
    now: number
    onlyIf: SQL
  },
): BatchItem<'sqlite'> {
  return outboxInsert(db, {
    tenantId: input.tenantId,
    type: 'account.password_changed',
    data: { externalId: input.externalId, via: input.via },
    now: input.now,
    onlyIf: input.onlyIf,
  }).statement
}
