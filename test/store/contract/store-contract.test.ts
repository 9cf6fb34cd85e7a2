import { afterAll, beforeAll, beforeEach, describe } from 'vitest'
import { auditCases, auditReadCases } from './audit-cases.js'
import { postgresBackend, sqliteBackend, type OpenedBackend } from './backends.js'
import { bootstrapCases } from './bootstrap-cases.js'
import { consoleAuthCases } from './console-auth-cases.js'
import { legacyVerifyCases } from './legacy-verify-cases.js'
import { outboxCases } from './outbox-cases.js'
import { tenantKeyCases } from './tenant-key-cases.js'
import { tenantSettingsCases } from './tenant-settings-cases.js'
import { throttleCases } from './throttle-cases.js'

// The same cases on every backend; a case that passes on one and fails on another is a bug in
// an adapter (or a dialect difference the port must hide).
for (const kind of [sqliteBackend, postgresBackend]) {
  describe(`store contract on ${kind.name}`, () => {
    let opened: OpenedBackend
    beforeAll(async () => {
      opened = await kind.open()
    })
    beforeEach(async () => opened.reset())
    afterAll(async () => opened.close())
    const backend = () => opened

    describe('tenants and keys', () => tenantKeyCases(backend))
    describe('login throttle', () => throttleCases(backend, kind))
    describe('audit chain', () => auditCases(backend))
    describe('audit chain reads', () => auditReadCases(backend))
    describe('webhook outbox', () => outboxCases(backend, kind))
    describe('bootstrap key', () => bootstrapCases(backend, kind))
    describe('console users and sessions', () => consoleAuthCases(backend))
    describe('tenant settings', () => tenantSettingsCases(backend))
    describe('legacy verify endpoint', () => legacyVerifyCases(backend))
  })
}
