import { expect, it } from 'vitest'
import { checkAuditEntry } from '../../../src/audit/audit-insert.js'
import type { ImportCounts, ImportedAccount } from '../../../src/store/ports/account-store.js'
import type { ContractBackend, OpenedBackend } from './backends.js'

const T0 = 1_700_000_000_000
const line = (i: number, at = T0, fingerprint = `fp-${i}`): ImportedAccount => ({
  tenantId: 'acme',
  externalId: `patient-${i}`,
  emailIndex: `v2:patient-${i}`,
  passwordHash: `sha1$${fingerprint}`,
  scheme: 'sha1',
  importFingerprint: fingerprint,
  importedAt: at,
  createdAt: at,
  updatedAt: at,
})
const batchEntry = (counts: ImportCounts) =>
  checkAuditEntry({
    tenantId: 'acme',
    actor: 'test',
    action: 'accounts.batch_imported',
    details: { ...counts },
    at: T0,
  })

/**
 * The account import contract: one batch is all or nothing with its audit entry, a line
 * imported again changes nothing (not even an upgraded hash), a changed line updates the row
 * and its `importedAt`, and the e-mail index stays unique per tenant.
 */
export function accountImportCases(backend: () => OpenedBackend, kind: ContractBackend) {
  const setUp = async () => {
    const { ports } = backend()
    await ports.tenantKeys.ensureTenant({ id: 'acme', name: 'Acme', serviceName: null }, T0)
    return ports
  }

  it('imports a batch with its audit entry; the same lines again are unchanged', async () => {
    const { accounts, audit } = await setUp()
    const rows = Array.from({ length: 300 }, (_, i) => line(i))
    expect(await accounts.importBatch(rows, batchEntry)).toEqual({
      imported: 300,
      updated: 0,
      unchanged: 0,
    })
    const head = await audit.head('acme')
    expect(head).toMatchObject({ seq: 1, action: 'accounts.batch_imported' })
    expect(JSON.parse(head!.details)).toMatchObject({ imported: 300 })
    expect(await accounts.find(line(7))).toMatchObject({
      emailIndex: 'v2:patient-7',
      passwordHash: 'sha1$fp-7',
      importFingerprint: 'fp-7',
      mustReset: false,
      resetReasons: '[]',
    })
    // A login upgraded one row since: importing its old hash again must not bring it back.
    const upgrade = { ...line(3), expectedHash: 'sha1$fp-3', newHash: 'argon', now: T0 + 1 }
    expect(
      await accounts.compareAndSwapHash({ ...upgrade, scheme: 'argon2id', passwordChanged: false }),
    ).toBe(true)
    const again = rows.map((row) => ({ ...row, importedAt: T0 + 50, updatedAt: T0 + 50 }))
    expect(await accounts.importBatch(again, batchEntry)).toEqual({
      imported: 0,
      updated: 0,
      unchanged: 300,
    })
    expect(await accounts.find(line(3))).toMatchObject({ passwordHash: 'argon', updatedAt: T0 + 1 })
    const state = await accounts.importState('acme', ['patient-3', 'patient-999'])
    expect([...state]).toEqual([['patient-3', { importFingerprint: 'fp-3', importedAt: T0 }]])
    expect((await audit.head('acme'))?.seq).toBe(2)
  })

  it('a changed line updates hash, scheme and importedAt; no e-mail keeps the stored one', async () => {
    const { accounts } = await setUp()
    await accounts.importBatch([line(1), line(2)], batchEntry)
    // Created at signup (no fingerprint): an import of it counts as an update.
    const signup = { ...line(3), importFingerprint: undefined, importedAt: undefined }
    expect(await accounts.insert(signup)).toBe(true)
    const changed = { ...line(1, T0 + 100, 'fp-new'), emailIndex: null, scheme: 'md5' }
    const counts = await accounts.importBatch(
      [changed, line(2, T0 + 100), line(3, T0 + 100), line(4, T0 + 100)],
      batchEntry,
    )
    expect(counts).toEqual({ imported: 1, updated: 2, unchanged: 1 })
    expect(await accounts.find(line(1))).toMatchObject({
      passwordHash: 'sha1$fp-new',
      scheme: 'md5',
      emailIndex: 'v2:patient-1',
      createdAt: T0,
      updatedAt: T0 + 100,
    })
    const state = await accounts.importState('acme', ['patient-1', 'patient-2', 'patient-3'])
    expect(state.get('patient-1')).toEqual({ importFingerprint: 'fp-new', importedAt: T0 + 100 })
    expect(state.get('patient-2')).toEqual({ importFingerprint: 'fp-2', importedAt: T0 })
    expect(state.get('patient-3')).toEqual({ importFingerprint: 'fp-3', importedAt: T0 + 100 })
  })

  it('a batch is all or nothing: an e-mail held by another account fails it whole', async () => {
    const { accounts, audit } = await setUp()
    await accounts.importBatch([line(1)], batchEntry)
    const thief = { ...line(2), emailIndex: 'v2:patient-1' }
    await expect(accounts.importBatch([line(3), thief], batchEntry)).rejects.toThrow()
    expect(await accounts.find(line(3))).toBeNull()
    expect((await accounts.emailHolders('acme', ['v2:patient-1'])).get('v2:patient-1')).toBe(
      'patient-1',
    )
    expect((await audit.head('acme'))?.seq).toBe(1)
    // No entry, no rows: a batch whose entry cannot be written leaves nothing behind.
    const refused = () => {
      throw new Error('entry refused')
    }
    await expect(accounts.importBatch([line(5)], refused)).rejects.toThrow('entry refused')
    expect(await accounts.find(line(5))).toBeNull()
  })

  it(`concurrent imports of one batch: every row once, every batch logged (${kind.name})`, async () => {
    const { accounts, audit } = await setUp()
    const rows = Array.from({ length: 50 }, (_, i) => line(i))
    const results = await Promise.all(
      Array.from({ length: 4 }, () => accounts.importBatch(rows, batchEntry)),
    )
    expect(results.reduce((sum, r) => sum + r.imported + r.updated + r.unchanged, 0)).toBe(200)
    expect(
      (
        await accounts.importState(
          'acme',
          rows.map((r) => r.externalId),
        )
      ).size,
    ).toBe(50)
    expect((await audit.head('acme'))?.seq).toBe(4)
    // PostgreSQL counts from the upsert itself; SQLite/D1 from a read just before the batch,
    // so racing imports of the same rows there may each count a row as new.
    if (kind.concurrent) expect(results.reduce((sum, r) => sum + r.imported, 0)).toBe(50)
  })
}
