import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_REJECTION_DETAILS } from '../../src/accounts/record-rejection.js'
import { createTestApp, jsonRequest } from '../support/test-app.js'

type Report = { rejected: { line: number; code: string }[]; rejectedCount: number }

/** Both uploads answer a garbage body with every line counted and a bounded list. */
describe('rejected upload lines: counted in full, listed up to the cap', () => {
  const t = createTestApp()
  let admin: Record<string, string>
  let incidentId: string
  beforeAll(async () => {
    admin = await t.keyFor('clinic', ['admin'])
    const created = await t.app.request(
      '/v1/incidents',
      jsonRequest(
        'POST',
        { name: 'leak', detectedAt: '2026-01-01T00:00:00Z', dataClasses: ['email'] },
        admin,
      ),
    )
    incidentId = ((await created.json()) as { id: string }).id
  })
  afterAll(() => t.close())

  const garbage = '{not json\n'.repeat(MAX_REJECTION_DETAILS + 2)
  const upload = async (path: string) => {
    const headers = { ...admin, 'content-type': 'application/x-ndjson' }
    const res = await t.app.request(path, { method: 'POST', headers, body: garbage })
    expect(res.status).toBe(200)
    return (await res.json()) as Report
  }

  it.each([
    ['account import', () => '/v1/accounts/import'],
    ['exposure ingest', () => `/v1/incidents/${incidentId}/exposures`],
  ])('%s', async (_name, path) => {
    const report = await upload(path())
    expect(report.rejectedCount).toBe(MAX_REJECTION_DETAILS + 2)
    expect(report.rejected).toHaveLength(MAX_REJECTION_DETAILS)
    expect(report.rejected.at(-1)?.line).toBe(MAX_REJECTION_DETAILS)
  })
})
