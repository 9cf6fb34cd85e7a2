import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../app/deps.js'
import { problemResponse } from '../http/problem-schema.js'
import { badRequest } from '../http/problem.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { DATA_CLASS_NAMES } from './data-classes.js'
import { requireIncident } from './incident-lookup.js'
import {
  createIncidentBody,
  incidentCreated,
  incidentIdField,
  incidentList,
  incidentView,
  listQuery,
  notifiedBody,
} from './incident-schemas.js'
import { createIncident } from './create-incident.js'
import { recordAuthorityNotified } from './record-authority-notified.js'
import { toIncidentView } from './incident-view.js'
import { listIncidents } from './list-incidents.js'

const json = <T extends z.ZodTypeAny>(description: string, schema: T) => ({
  description,
  content: { 'application/json': { schema } },
})
const idParam = z.object({ id: incidentIdField })
const security = [{ bearer: [] }]

const createIncidentRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'post',
    path: '/',
    tags: ['incidents'],
    summary: 'Register a breach; the Art. 33 72-hour clock runs from detectedAt',
    security,
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: {
      body: { content: { 'application/json': { schema: createIncidentBody } }, required: true },
    },
    responses: {
      201: json('Created', incidentCreated),
      400: problemResponse(
        'Invalid body or unknown data class (`unknown_data_class` lists the vocabulary)',
      ),
    },
  })
const listIncidentsRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'get',
    path: '/',
    tags: ['incidents'],
    summary: 'The tenant’s incidents, newest first (`?limit=&cursor=`)',
    security,
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: { query: listQuery },
    responses: { 200: json('A page of incidents', incidentList) },
  })
const getIncidentRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'get',
    path: '/{id}',
    tags: ['incidents'],
    summary: 'One incident',
    security,
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: { params: idParam },
    responses: {
      200: json('The incident', incidentView),
      404: problemResponse('No such incident'),
    },
  })
const notifiedRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'post',
    path: '/{id}/notified',
    tags: ['incidents'],
    summary: 'Record when the supervisory authority was notified (shown in the report)',
    security,
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: {
      params: idParam,
      body: { content: { 'application/json': { schema: notifiedBody } }, required: true },
    },
    responses: {
      200: json('The incident', incidentView),
      404: problemResponse('No such incident'),
    },
  })

/** What creating an incident and recording its notification write with. */
export type IncidentRoutesDeps = Pick<AppDeps, 'stores' | 'clock' | 'random' | 'settings'>

/**
 * Incidents CRUD (admin), mounted at `/v1/incidents`: create, list, get, record the authority
 * notification.
 */
export function incidentRoutes(deps: IncidentRoutesDeps) {
  const { incidents, tenantKeys } = deps.stores
  const router = createRouter()
  router.openapi(createIncidentRoute(tenantKeys), async (c) => {
    const body = c.req.valid('json')
    const auth = c.get('auth')
    const outcome = await createIncident(
      { incidents, clock: deps.clock, random: deps.random },
      {
        tenantId: auth.tenant.id,
        actor: `key:${auth.keyId}`,
        name: body.name,
        description: body.description ?? null,
        occurredAt: body.occurredAt ? Date.parse(body.occurredAt) : null,
        detectedAt: Date.parse(body.detectedAt),
        dataClasses: body.dataClasses,
        source: body.source ?? null,
      },
    )
    if (!outcome.created) throw unknownDataClasses(outcome.unknownDataClasses)
    const view = toIncidentView(outcome.incident)
    return c.json({ id: view.id, notifyAuthorityBy: view.notifyAuthorityBy }, 201)
  })
  router.openapi(listIncidentsRoute(tenantKeys), async (c) => {
    const { limit, cursor } = c.req.valid('query')
    const tenantId = c.get('auth').tenant.id
    const page = await listIncidents(deps.stores.incidents, { tenantId, limit, cursor })
    if (!page.ok) throw badRequest('invalid_cursor', 'Unknown cursor.')
    return c.json(
      { incidents: page.incidents.map(toIncidentView), nextCursor: page.nextCursor },
      200,
    )
  })
  router.openapi(getIncidentRoute(tenantKeys), async (c) => {
    const incident = await requireIncident(
      incidents,
      c.get('auth').tenant.id,
      c.req.valid('param').id,
    )
    return c.json(toIncidentView(incident), 200)
  })
  router.openapi(notifiedRoute(tenantKeys), async (c) => {
    const auth = c.get('auth')
    const incident = await requireIncident(incidents, auth.tenant.id, c.req.valid('param').id)
    const at = Date.parse(c.req.valid('json').at)
    await recordAuthorityNotified(deps, {
      tenantId: auth.tenant.id,
      incidentId: incident.id,
      at,
      actor: `key:${auth.keyId}`,
    })
    return c.json(toIncidentView({ ...incident, authorityNotifiedAt: at }), 200)
  })
  return router
}

/** Unknown classes are refused with the whole vocabulary, so the caller can fix the request. */
function unknownDataClasses(unknown: string[]) {
  return badRequest('unknown_data_class', `Unknown data classes: ${unknown.join(', ')}.`, {
    unknown,
    allowed: DATA_CLASS_NAMES,
  })
}
