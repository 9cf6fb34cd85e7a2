import { afterAll, beforeAll, beforeEach, describe } from 'vitest'
import { accountCases } from './account-cases.js'
import { accountImportCases } from './account-import-cases.js'
import { auditCases, auditReadCases } from './audit-cases.js'
import { bootstrapCases } from './bootstrap-cases.js'
import { apiKeyAdminCases } from './api-key-admin-cases.js'
import { consoleQueryCases } from './console-query-cases.js'
import { consoleAuthCases } from './console-auth-cases.js'
import { incidentResponseCases } from './incident-response-cases.js'
import { liveAdditionCases } from './live-addition-cases.js'
import { legacyVerifyCases } from './legacy-verify-cases.js'
import { outboxCases } from './outbox-cases.js'
import { incidentCases } from './incident-cases.js'
import { exposureCases } from './exposure-cases.js'
import type { ContractBackend, OpenedBackend } from './backends.js'
import { tenantKeyCases } from './tenant-key-cases.js'
import { tenantSettingsCases } from './tenant-settings-cases.js'
import { throttleCases } from './throttle-cases.js'
import { wrapCases } from './wrap-cases.js'

/**
 * Registers every contract case on one backend. Node (store-contract.test.ts: better-sqlite3,
 * PostgreSQL) and workerd (test/worker/store-contract.worker.test.ts: D1) both call this, so a
 * case added here runs on all three. This file and the case files import nothing Node-only.
 */
export function storeContractSuite(kind: ContractBackend) {
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
    describe('accounts', () => accountCases(backend, kind))
    describe('wrap migration', () => wrapCases(backend, kind))
    describe('incident response', () => incidentResponseCases(backend, kind))
    describe('incidents', () => incidentCases(backend))
    describe('exposure ingest', () => exposureCases(backend, kind))
    describe('account import', () => accountImportCases(backend, kind))
    describe('live breach additions', () => liveAdditionCases(backend, kind))
    describe('console queries', () => consoleQueryCases(backend))
    describe('audited API key changes', () => apiKeyAdminCases(backend, kind))
  })
}
