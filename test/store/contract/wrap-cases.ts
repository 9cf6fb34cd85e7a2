import { expect, it } from 'vitest'
import type { ContractBackend, OpenedBackend } from './backends.js'

const T0 = 1_700_000_000_000
const row = (externalId: string, scheme: string, tenantId = 'acme') => ({
  tenantId,
  externalId,
  emailIndex: null,
  passwordHash: `old-${externalId}`,
  scheme,
  createdAt: T0,
  updatedAt: T0,
})

/** The wrap migration contract: what is pending, keyset batches, and each row wrapped once. */
export function wrapCases(backend: () => OpenedBackend, kind: ContractBackend) {
  const setUp = async () => {
    const { ports } = backend()
    for (const id of ['acme', 'globex'])
      await ports.tenantKeys.ensureTenant({ id, name: id, serviceName: null }, T0)
    const legacy = Array.from({ length: 12 }, (_, i) => `p-${String(i).padStart(2, '0')}`)
    for (const id of legacy) await ports.accounts.insert(row(id, 'md5_crypt'))
    await ports.accounts.insert(row('q-argon', 'argon2id'))
    await ports.accounts.insert(row('q-wrapped', 'wrapped:md5_crypt'))
    await ports.accounts.insert(row('q-legacy-verify', 'legacy_verify'))
    await ports.accounts.insert(row('g-1', 'raw_sha1', 'globex'))
    return { wrap: ports.wrap, legacy }
  }

  it('counts schemes and pending rows; batches page by externalId', async () => {
    const { wrap, legacy } = await setUp()
    expect(await wrap.tenantIds()).toEqual(['acme', 'globex'])
    expect(await wrap.countSchemes(['acme'])).toEqual({
      argon2id: 1,
      legacy_verify: 1,
      md5_crypt: 12,
      'wrapped:md5_crypt': 1,
    })
    expect(await wrap.countPending(['acme', 'globex'])).toBe(13)
    expect(await wrap.countPending(['acme'], 'p-09')).toBe(2)
    const first = await wrap.pendingBatch('acme', '', 5)
    expect(first.map((r) => r.externalId)).toEqual(legacy.slice(0, 5))
    expect(first[0]?.passwordHash).toBe('old-p-00')
    const next = await wrap.pendingBatch('acme', 'p-04', 100)
    expect(next.map((r) => r.externalId)).toEqual(legacy.slice(5))
    expect(await wrap.hasPendingAfter('acme', 'p-10')).toBe(true)
    expect(await wrap.hasPendingAfter('acme', 'p-11')).toBe(false)
  })

  it(`two jobs wrapping at once write each row once (${kind.concurrent ? 'row lock' : 'serialised'})`, async () => {
    const { wrap } = await setUp()
    // Both instances read the same pending rows before either writes.
    const [a, b] = await Promise.all([1, 2].map(() => wrap.pendingBatch('acme', '', 100)))
    const swaps = [...a!, ...b!].map((r, i) =>
      wrap.compareAndSwapHash({
        tenantId: 'acme',
        externalId: r.externalId,
        expectedHash: r.passwordHash,
        newHash: `wrapped-by-${i < 12 ? 'a' : 'b'}`,
        scheme: 'wrapped:md5_crypt',
        now: T0 + 1,
        passwordChanged: false,
      }),
    )
    const results = await Promise.all(swaps)
    expect(results.filter(Boolean)).toHaveLength(12)
    for (let i = 0; i < 12; i++) expect(Number(results[i]) + Number(results[i + 12])).toBe(1)
    expect(await wrap.countPending(['acme'])).toBe(0)
  })
}
