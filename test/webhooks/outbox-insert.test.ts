import { eq, sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { webCryptoRandom } from '../../src/ports/random.js'
import { accounts, webhookOutbox } from '../../src/store/schema.js'
import { ensureTenant } from '../../src/store/sqlite/sqlite-tenant-seed.js'
import { outboxInsert } from '../../src/store/sqlite/sqlite-outbox-insert.js'
import { createSecretSealer } from '../../src/webhooks/webhook-secret-sealer.js'
import { putWebhook } from '../../src/store/sqlite/sqlite-webhook-seed.js'
import { createTestApp, TEST_SECRET } from '../support/test-app.js'

describe('outboxInsert: the event row rides in the same batch as the change', () => {
  let t: ReturnType<typeof createTestApp>
  const now = Date.UTC(2026, 0, 1)
  beforeEach(async () => {
    t = createTestApp()
    await ensureTenant(t.driver.db, { id: 'clinic', name: 'clinic' }, now)
    await ensureTenant(t.driver.db, { id: 'quiet', name: 'quiet' }, now)
    await putWebhook(t.driver.db, createSecretSealer(TEST_SECRET, webCryptoRandom), {
      tenantId: 'clinic',
      url: 'https://hooks.example.be/pwguard',
      secret: 'whsec-0123456789abcdef',
      now,
    })
  })
  afterEach(() => t.close())

  const outboxRows = () => t.driver.db.select().from(webhookOutbox)
  const account = (externalId: string) => ({
    tenantId: 'clinic',
    externalId,
    passwordHash: 'x',
    scheme: 'md5',
    createdAt: now,
    updatedAt: now,
  })

  it('writes a pending row with the payload {id, type, createdAt, tenantId, data}', async () => {
    const { statement, id } = outboxInsert(t.driver.db, {
      tenantId: 'clinic',
      type: 'account.exposed',
      data: { externalId: 'p-1', incidentId: 'inc_1' },
      now,
    })
    await t.driver.batch([t.driver.db.insert(accounts).values(account('p-1')), statement])
    expect(id).toMatch(/^evt_[A-Za-z0-9_-]{22}$/)
    const [row] = await outboxRows()
    expect(row).toMatchObject({ id, tenantId: 'clinic', type: 'account.exposed', attempts: 0 })
    expect(row!.deliveredAt).toBeNull()
    expect(row!.nextAttemptAt).toBe(now)
    expect(JSON.parse(row!.payload)).toEqual({
      id,
      type: 'account.exposed',
      createdAt: '2026-01-01T00:00:00.000Z',
      tenantId: 'clinic',
      data: { externalId: 'p-1', incidentId: 'inc_1' },
    })
  })

  it('writes nothing when the change in the same batch fails', async () => {
    await t.driver.db.insert(accounts).values(account('p-1'))
    const { statement } = outboxInsert(t.driver.db, {
      tenantId: 'clinic',
      type: 'account.exposed',
      data: { externalId: 'p-1' },
      now,
    })
    // A duplicate primary key makes the first statement fail, so the batch rolls back.
    await expect(
      t.driver.batch([t.driver.db.insert(accounts).values(account('p-1')), statement]),
    ).rejects.toThrow()
    expect(await outboxRows()).toEqual([])
  })

  it('records no event for a tenant without a webhook', async () => {
    const { statement } = outboxInsert(t.driver.db, {
      tenantId: 'quiet',
      type: 'incident.created',
      data: { incidentId: 'inc_1' },
      now,
    })
    await t.driver.batch([statement])
    expect(await outboxRows()).toEqual([])
  })

  it('honours onlyIf, evaluated after the earlier statements of the batch', async () => {
    await t.driver.db.insert(accounts).values(account('p-1'))
    const swap = (expected: string, next: string) =>
      t.driver.db
        .update(accounts)
        .set({ passwordHash: next })
        .where(sql`${accounts.externalId} = 'p-1' and ${accounts.passwordHash} = ${expected}`)
    const event = (hash: string) =>
      outboxInsert(t.driver.db, {
        tenantId: 'clinic',
        type: 'account.password_changed',
        data: { externalId: 'p-1' },
        now,
        onlyIf: sql`exists (select 1 from ${accounts} where ${eq(accounts.passwordHash, hash)})`,
      }).statement
    await t.driver.batch([swap('x', 'y'), event('y')])
    await t.driver.batch([swap('x', 'z'), event('z')]) // lost compare-and-swap: no event
    expect((await outboxRows()).map((row) => row.type)).toEqual(['account.password_changed'])
  })

  it('is idempotent on the event id', async () => {
    const input = {
      tenantId: 'clinic',
      type: 'incident.created' as const,
      data: {},
      now,
      id: 'evt_x',
    }
    await t.driver.batch([outboxInsert(t.driver.db, input).statement])
    await t.driver.batch([outboxInsert(t.driver.db, input).statement])
    expect(await outboxRows()).toHaveLength(1)
  })
})
