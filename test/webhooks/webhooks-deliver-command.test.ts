import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../../src/cli/run-cli.js'
import { parseConfig } from '../../src/config/config.js'
import { systemClock } from '../../src/ports/clock.js'
import { createMemoryLogger } from '../../src/ports/logger.js'
import { webCryptoRandom } from '../../src/ports/random.js'
import { openSqliteDriver } from '../../src/store/sqlite-driver-node.js'
import { ensureTenant } from '../../src/store/sqlite/sqlite-tenant-seed.js'
import { webhookOutbox } from '../../src/store/schema.js'
import { outboxInsert } from '../../src/store/sqlite/sqlite-outbox-insert.js'
import { createSecretSealer } from '../../src/webhooks/webhook-secret-sealer.js'
import { putWebhook } from '../../src/store/sqlite/sqlite-webhook-seed.js'
import { startLocalReceiver } from './local-receiver.js'

const SERVICE_SECRET = 'service-secret-service-secret-service-secret'
const SIGNING_SECRET = 'whsec-cli-deliver-secret'

describe('pwguard webhooks deliver', () => {
  it('refuses a malformed PWGUARD_WEBHOOK_ALLOWED_HOSTS at start', () => {
    expect(() => parseConfig({ PWGUARD_WEBHOOK_ALLOWED_HOSTS: '10.0.0.0/99' })).toThrow(
      /PWGUARD_WEBHOOK_ALLOWED_HOSTS: not a CIDR/,
    )
    expect(parseConfig({}).webhookAllowedHosts).toEqual([])
  })

  it('runs one pass: delivers due events with the sealed secret from the database', async () => {
    const dbFile = join(mkdtempSync(join(tmpdir(), 'pwguard-webhooks-cli-')), 'pwguard.db')
    const receiver = await startLocalReceiver({ secret: SIGNING_SECRET, clock: systemClock })
    try {
      const driver = openSqliteDriver(dbFile)
      const now = systemClock.now()
      await ensureTenant(driver.db, { id: 'clinic' }, now)
      const sealer = createSecretSealer(new TextEncoder().encode(SERVICE_SECRET), webCryptoRandom)
      await putWebhook(driver.db, sealer, {
        tenantId: 'clinic',
        url: receiver.url,
        secret: SIGNING_SECRET,
        now,
      })
      const event = { tenantId: 'clinic', type: 'incident.created' as const, data: {}, now }
      await driver.batch([
        outboxInsert(driver.db, event).statement,
        outboxInsert(driver.db, event).statement,
      ])
      driver.close()
      const out = { stdout: '', stderr: '' }
      const deliver = (env: Record<string, string> = {}) =>
        runCli(['webhooks', 'deliver'], {
          config: () => parseConfig({ PWGUARD_DB: dbFile, PWGUARD_SECRET: SERVICE_SECRET, ...env }),
          io: {
            stdout: (text) => void (out.stdout += text),
            stderr: (text) => void (out.stderr += text),
            isTTY: false,
          },
          logger: createMemoryLogger(),
        })
      // Without the allow-list, the loopback receiver is refused and never contacted.
      expect(await deliver()).toBe(0)
      expect(JSON.parse(out.stdout)).toMatchObject({ claimed: 2, delivered: 0, retrying: 2 })
      expect(receiver.state.requests).toBe(0)
      const outbox = openSqliteDriver(dbFile)
      const errors = await outbox.db.select({ e: webhookOutbox.lastError }).from(webhookOutbox)
      expect(errors.map((row) => row.e)).toEqual(['refused_target', 'refused_target'])
      await outbox.db.update(webhookOutbox).set({ nextAttemptAt: 0 })
      outbox.close()
      out.stdout = ''
      expect(await deliver({ PWGUARD_WEBHOOK_ALLOWED_HOSTS: ' 127.0.0.1 , relay.corp' })).toBe(0)
      expect(JSON.parse(out.stdout)).toEqual({
        claimed: 2,
        delivered: 2,
        retrying: 0,
        failed: 0,
        skipped: 0,
      })
      expect(receiver.processed.size).toBe(2)
      expect([...receiver.processed.values()].every((e) => e.signatureValid)).toBe(true)
    } finally {
      await receiver.close()
    }
  })
})
