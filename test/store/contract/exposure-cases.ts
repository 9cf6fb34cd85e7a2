import { expect, it } from 'vitest'
import type {
  ExposureBatch,
  ExposureRecordRow,
} from '../../../src/store/ports/exposure-ingest-store.js'
import type { ContractBackend, OpenedBackend } from './backends.js'
import { auditEntry, createIncidentOn, incidentRow } from './incident-cases.js'

const T0 = 1_700_000_000_000
const scope = { tenantId: 'acme', incidentId: 'inc_a' }
const record = (key: string, externalId: string | null, matchVia = 0): ExposureRecordRow => ({
  key,
  externalId,
  matchVia,
  passwordAdded: true,
  digestPending: false,
})
/** A batch as ingest builds it: every account its records name, with the OR of their proofs. */
const batchOf = (
  records: ExposureRecordRow[],
  extra: Partial<ExposureBatch> = {},
): ExposureBatch => {
  const exposed = new Map<string, number>()
  for (const r of records) {
    if (r.externalId !== null)
      exposed.set(r.externalId, (exposed.get(r.externalId) ?? 0) | r.matchVia)
  }
  return {
    ...scope,
    now: T0,
    records,
    exposed: [...exposed].map(([externalId, matchVia]) => ({ externalId, matchVia })),
    digestCandidates: 0,
    events: [],
    ...extra,
  }
}
const ingestEntry = () => auditEntry('incident.exposures_ingested', 'inc_a')

/** The exposure-ingest contract: counted once, counters equal a recount, tenants apart. */
export function exposureCases(backend: () => OpenedBackend, kind: ContractBackend) {
  const setUp = async () => {
    const { ports } = backend()
    for (const tenantId of ['acme', 'other']) {
      await ports.tenantKeys.ensureTenant({ id: tenantId, name: tenantId, serviceName: null }, T0)
    }
    for (const externalId of ['alice', 'bob', 'carol']) {
      await ports.accounts.insert({
        tenantId: 'acme',
        externalId,
        emailIndex: `v2:${externalId}`,
        passwordHash: `hash-${externalId}`,
        scheme: 'sha1',
        createdAt: T0,
        updatedAt: T0,
      })
    }
    await createIncidentOn(ports, incidentRow('inc_a'))
    return ports
  }
  const expectCountersEqualRecount = async (ports: OpenedBackend['ports']) => {
    const counters = await ports.incidents.counters(scope)
    expect(counters).toEqual(await ports.incidents.recount(scope))
    return counters
  }

  it('finds accounts by externalId and e-mail index within the tenant only', async () => {
    const ports = await setUp()
    const store = ports.exposureIngest
    const byId = await store.accountsByExternalId('acme', ['alice', 'nobody'])
    expect(byId).toEqual([
      {
        externalId: 'alice',
        emailIndex: 'v2:alice',
        passwordHash: 'hash-alice',
        importFingerprint: null,
        importedAt: null,
        passwordChangedAt: null,
      },
    ])
    expect((await store.accountsByEmailIndex('acme', ['v2:bob'])).map((a) => a.externalId)).toEqual(
      ['bob'],
    )
    expect(await store.accountsByExternalId('other', ['alice'])).toEqual([])
    expect(await store.accountsByEmailIndex('acme', [])).toEqual([])
  })

  it('writes a batch once: the same batch again counts nothing, counters equal a recount', async () => {
    const ports = await setUp()
    const store = ports.exposureIngest
    const records = [
      record('k1', 'alice', 1),
      record('k2', 'bob'),
      record('k3', null),
      { ...record('k4', 'carol'), digestPending: true, passwordAdded: false },
    ]
    await store.writeBatch(batchOf(records, { digestCandidates: 1 }), ingestEntry())
    const first = await expectCountersEqualRecount(ports)
    expect(first).toMatchObject({
      records: 4,
      unmatchedRecords: 1,
      passwordsBlocked: 3,
      accountsExposed: 3,
      passwordMatches: 1,
      matchesPlaintext: 1,
    })
    expect(await store.existingKeys(scope, ['k1', 'k4', 'k9'])).toEqual(
      new Map([
        ['k1', false],
        ['k4', true],
      ]),
    )
    await store.writeBatch(batchOf(records, { digestCandidates: 0 }), ingestEntry())
    expect(await expectCountersEqualRecount(ports)).toEqual(first)
    expect(await store.exposedAlready(scope, ['alice', 'nobody'])).toEqual(new Set(['alice']))
    const figures = await ports.incidents.figures(scope)
    expect(figures).toMatchObject({ records: 4, passwordChecksPending: 1, firstIngestAt: T0 })
    expect(figures.exposedAccounts).toEqual([
      { externalId: 'alice', passwordMatch: true },
      { externalId: 'bob', passwordMatch: false },
      { externalId: 'carol', passwordMatch: false },
    ])
  })

  it('a batch larger than one json_each slice (5,000) lands whole and counts once', async () => {
    const ports = await setUp()
    const store = ports.exposureIngest
    // 12,001 records: three slices on SQLite/D1, whose value size limit the slices respect.
    const records = Array.from({ length: 12_001 }, (_, n) =>
      record(`k${String(n).padStart(5, '0')}`, n % 4 === 0 ? null : ['alice', 'bob'][n % 2]!, 0),
    )
    await store.writeBatch(batchOf(records), ingestEntry())
    const keys = records.map((r) => r.key)
    expect((await store.existingKeys(scope, [...keys, 'k-none'])).size).toBe(12_001)
    const emails = Array.from({ length: 6_000 }, (_, n) => `v2:nobody${n}`)
    expect(await store.accountsByEmailIndex('acme', [...emails, 'v2:carol'])).toHaveLength(1)
    const ids = Array.from({ length: 6_000 }, (_, n) => `nobody${n}`)
    expect(await store.exposedAlready(scope, [...ids, 'bob'])).toEqual(new Set(['bob']))
    await store.writeBatch(batchOf(records), ingestEntry())
    expect(await expectCountersEqualRecount(ports)).toMatchObject({
      records: 12_001,
      unmatchedRecords: 3_001,
      passwordsBlocked: 12_001,
      accountsExposed: 2,
    })
  })

  it('a later proof raises an account once and moves it between proof kinds', async () => {
    const ports = await setUp()
    const store = ports.exposureIngest
    await store.writeBatch(batchOf([record('k1', 'bob')]), ingestEntry())
    await store.writeBatch(batchOf([record('k2', 'bob', 4)]), ingestEntry())
    expect(await expectCountersEqualRecount(ports)).toMatchObject({
      accountsExposed: 1,
      passwordMatches: 1,
      matchesDigest: 1,
    })
    await store.writeBatch(batchOf([record('k3', 'bob', 2)]), ingestEntry())
    expect(await expectCountersEqualRecount(ports)).toMatchObject({
      records: 3,
      passwordMatches: 1,
      matchesHashString: 1,
      matchesDigest: 0,
    })
    // A weaker proof later never lowers the stronger one.
    await store.writeBatch(batchOf([record('k4', 'bob', 4)]), ingestEntry())
    expect(await expectCountersEqualRecount(ports)).toMatchObject({
      matchesHashString: 1,
      matchesDigest: 0,
    })
  })

  it(`racing ingests of the same records count each once (${kind.concurrent ? 'row locks' : 'serialised'})`, async () => {
    const ports = await setUp()
    const store = ports.exposureIngest
    const records = Array.from({ length: 60 }, (_, n) =>
      record(
        `k${String(n).padStart(3, '0')}`,
        n % 3 === 0 ? null : ['alice', 'bob', 'carol'][n % 3]!,
        n % 2,
      ),
    )
    await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        store.writeBatch(batchOf(i % 2 === 0 ? records : [...records].reverse()), ingestEntry()),
      ),
    )
    const counters = await expectCountersEqualRecount(ports)
    expect(counters).toMatchObject({ records: 60, unmatchedRecords: 20, accountsExposed: 2 })
    const rows = await ports.audit.page({ tenantId: 'acme', order: 'asc', limit: 20 })
    expect(rows.map((r) => r.seq)).toEqual(rows.map((_, i) => i + 1))
  })

  it(`racing proofs of the same accounts move each account's kind once (${kind.concurrent ? 'row locks' : 'serialised'})`, async () => {
    const ports = await setUp()
    const store = ports.exposureIngest
    await store.writeBatch(batchOf([record('k0', 'bob'), record('k1', 'carol')]), ingestEntry())
    await Promise.all(
      [4, 2, 4, 2, 1, 4].map((via, i) =>
        store.writeBatch(
          batchOf([record(`r${i}b`, 'bob', via), record(`r${i}c`, 'carol', via === 1 ? 2 : via)]),
          ingestEntry(),
        ),
      ),
    )
    expect(await expectCountersEqualRecount(ports)).toMatchObject({
      accountsExposed: 2,
      passwordMatches: 2,
      matchesPlaintext: 1,
      matchesHashString: 1,
      matchesDigest: 0,
    })
  })

  it('queues the events with the batch, only while the tenant has an endpoint; tenants stay apart', async () => {
    const ports = await setUp()
    const store = ports.exposureIngest
    const event = (externalId: string) => ({
      id: `evt_${externalId}`,
      tenantId: 'acme',
      type: 'account.exposed',
      payload: JSON.stringify({ externalId }),
      now: T0,
      incidentId: 'inc_a',
    })
    await store.writeBatch(
      batchOf([record('k1', 'alice')], { events: [event('alice')] }),
      ingestEntry(),
    )
    const endpoint = {
      url: 'https://hooks.example/in',
      sealedSecret: 's',
      createdAt: T0,
      updatedAt: T0,
    }
    await ports.outbox.putEndpoint(
      { tenantId: 'acme', ...endpoint },
      auditEntry('webhook.set', 'acme'),
    )
    await store.writeBatch(
      batchOf([record('k2', 'bob')], { events: [event('bob')] }),
      ingestEntry(),
    )
    expect((await ports.outbox.list({ tenantId: 'acme', limit: 10 })).map((e) => e.id)).toEqual([
      'evt_bob',
    ])
    const otherScope = { tenantId: 'other', incidentId: 'inc_a' }
    expect(await store.existingKeys(otherScope, ['k1', 'k2'])).toEqual(new Map())
    expect(await store.exposedAlready(otherScope, ['alice'])).toEqual(new Set())
    expect((await ports.incidents.figures(otherScope)).records).toBe(0)
  })
}
