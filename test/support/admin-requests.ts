import { ndjson } from './accounts-fixtures.js'
import { jsonRequest, type createTestApp } from './test-app.js'

/**
 * The admin requests most tests seed their data with: an account import, an incident, an
 * exposure list. Through the public routes, like a site's back office sends them.
 */
type TestApp = Pick<ReturnType<typeof createTestApp>, 'app'>
type Headers = Record<string, string>

/** `POST path` with `records` as NDJSON lines (an account import, an exposure list). */
export async function postNdjson(
  t: TestApp,
  path: string,
  records: unknown[],
  headers: Headers,
): Promise<Response> {
  return t.app.request(path, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-ndjson' },
    body: ndjson(records),
  })
}

/** `POST /v1/accounts/import` of `records`, e.g. `[{ externalId, hash }]`. */
export function importAccounts(t: TestApp, headers: Headers, records: unknown[]) {
  return postNdjson(t, '/v1/accounts/import', records, headers)
}

export interface IncidentFields {
  name?: string
  detectedAt?: string
  dataClasses?: string[]
}

/**
 * `POST /v1/incidents` (by default a password leak detected on 2026-01-01); the new incident's
 * id. Throws unless it answers 201, so a test never goes on with an incident that is not there.
 *
 * @example
 * const id = await createIncident(t, admin, { dataClasses: ['email'] })
 * await ingestExposures(t, admin, id, [{ email: 'an@example.be', password: 'hunter2' }])
 */
export async function createIncident(
  t: TestApp,
  headers: Headers,
  fields: IncidentFields = {},
): Promise<string> {
  const body = {
    name: 'leak',
    detectedAt: '2026-01-01T00:00:00Z',
    dataClasses: ['password'],
    ...fields,
  }
  const res = await t.app.request('/v1/incidents', jsonRequest('POST', body, headers))
  if (res.status !== 201) throw new Error(`POST /v1/incidents answered ${res.status}`)
  return ((await res.json()) as { id: string }).id
}

/** `POST /v1/incidents/{id}/exposures` of `records` as NDJSON. */
export function ingestExposures(
  t: TestApp,
  headers: Headers,
  incidentId: string,
  records: unknown[],
) {
  return postNdjson(t, `/v1/incidents/${incidentId}/exposures`, records, headers)
}
