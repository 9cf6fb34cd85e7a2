import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createD1Driver } from '../../src/store/d1-driver.js'
import { tenants } from '../../src/store/schema.js'
import { ensureTenant, findTenant } from '../../src/store/sqlite/sqlite-tenant-seed.js'
import { testEnv } from './worker-test-env.js'

describe('D1 store driver', () => {
  it('runs the shared store code against D1 with the committed migrations', async () => {
    const { db } = createD1Driver(testEnv.DB)
    await ensureTenant(db, { id: 'acme', name: 'Acme' }, 1_000)
    await ensureTenant(db, { id: 'acme', name: 'Renamed' }, 2_000)
    expect(await findTenant(db, 'acme')).toMatchObject({
      id: 'acme',
      name: 'Acme',
      createdAt: 1_000,
    })
  })

  it('commits a batch all or none', async () => {
    const driver = createD1Driver(testEnv.DB)
    const row = (id: string) => ({ id, name: id, serviceName: null, createdAt: 1 })
    await driver.batch([driver.db.insert(tenants).values(row('one'))])
    await expect(
      driver.batch([
        driver.db.insert(tenants).values(row('two')),
        driver.db.insert(tenants).values(row('one')), // primary-key conflict
      ]),
    ).rejects.toThrow()
    expect(await driver.db.select().from(tenants).where(eq(tenants.id, 'two'))).toEqual([])
    await driver.batch([])
    expect(driver.maxBoundParameters).toBe(100)
  })
})
