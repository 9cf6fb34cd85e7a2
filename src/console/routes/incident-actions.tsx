/** @jsxImportSource hono/jsx */
import { readForm } from '../read-form.js'
import { ingestAuditEntries } from '../../audit/ingest-audit-entries.js'
import { Hono, type Context } from 'hono'
import type { Child } from 'hono/jsx'
import type { AppDeps } from '../../app/deps.js'
import type { Services } from '../../app/services.js'
import { readUploadLines, type UploadLine } from '../../accounts/ndjson-lines.js'
import { appendAudit } from '../../audit/append-audit.js'
import type { AppEnv } from '../../http/app-env.js'
import { runUpload, uploadBody } from '../../http/upload-body.js'
import { csvRows, ndjsonRows } from '../../incidents/exposure-rows.js'
import { forceIncidentResets } from '../../incidents/force-incident-resets.js'
import type { IncidentRow } from '../../incidents/incident-store.js'
import type { DigestJobRunner } from '../../incidents/digest-job-runner.js'
import { ingestExposures } from '../../incidents/ingest-exposures.js'
import { ingestAuditDetails } from '../../incidents/ingest-report.js'
import { RESET_SCOPES, type ResetScope } from '../../incidents/reset-reasons.js'
import { auditActor, type ConsoleEnv } from '../console-env.js'
import { notFoundPage } from '../views/error-page.js'
import { ForceResetConfirm, UploadResult } from '../views/incident-action-views.js'
import { Layout } from '../views/layout.js'
import { loadIncident } from './load-incident.js'
import { tokensCsv } from './tokens-csv.js'

const isScope = (value: unknown): value is ResetScope =>
  typeof value === 'string' && (RESET_SCOPES as readonly string[]).includes(value)

/** Exposure upload and forced resets for one incident. */
export function incidentActions(
  deps: AppDeps,
  services: Services,
  digestJob: Pick<DigestJobRunner, 'enqueue'>,
) {
  const router = new Hono<ConsoleEnv>()
  const { incidents } = deps.stores
  const countInScope = (tenantId: string, incidentId: string, scope: ResetScope) =>
    services.stores.resets.countInScope({ tenantId, incidentId, scope })
  router.post('/incidents/:id/exposures', async (c) => {
    // The session was checked and the import limit set before any body byte was read.
    const incident = await loadIncident(c, incidents)
    if (!incident) return notFoundPage(c)
    const upload = await uploadedLines(c, deps.settings.maxImportBytes)
    if (!upload) return c.text('Send NDJSON or CSV.', 415)
    const actor = c.get('actor')
    // Each committed batch carries its own entry; the summary closes the run (as the API does).
    const audit = ingestAuditEntries({
      tenantId: actor.tenant.id,
      incidentId: incident.id,
      actor: auditActor(actor),
      clock: () => deps.clock.now(),
      random: deps.random,
    })
    // Over the limit mid-stream: the batches committed before it stay and are audited (413).
    const report = await runUpload(
      c as unknown as Context<AppEnv>,
      (onCommitted) =>
        ingestExposures(
          upload.csv ? csvRows(upload.lines) : ndjsonRows(upload.lines),
          {
            stores: deps.stores,
            // The tenant's own breach additions, under its quota: never the shared corpus.
            corpus: deps.corpus.tenants,
            verifier: services.verifier,
            secret: deps.settings.secret,
            digestJob,
          },
          {
            tenantId: actor.tenant.id,
            incidentId: incident.id,
            now: deps.clock.now(),
            auditBatch: audit.batch,
            onProgress: (progress) => onCommitted(ingestAuditDetails(progress)),
          },
        ),
      (committed) => appendAudit(deps, audit.summary({ ...committed, truncated: true })),
    )
    await appendAudit(deps, audit.summary(ingestAuditDetails(report)))
    const result = <UploadResult t={c.get('t')} report={report} incidentId={incident.id} />
    if (upload.fragment) return c.html(result)
    return c.html(page(c, incident, result))
  })
  router.get('/incidents/:id/force-reset', async (c) => {
    const incident = await loadIncident(c, incidents)
    if (!incident) return notFoundPage(c)
    const scope = c.req.query('scope')
    if (!isScope(scope)) return notFoundPage(c)
    return confirmPage(c, incident, scope, 200)
  })
  router.post('/incidents/:id/force-reset', async (c) => {
    const incident = await loadIncident(c, incidents)
    if (!incident) return notFoundPage(c)
    const form = await readForm(c.req)
    if (!isScope(form.scope)) return notFoundPage(c)
    const actor = c.get('actor')
    const inScope = await countInScope(actor.tenant.id, incident.id, form.scope)
    // The admin confirmed a number: if it changed since (another upload), confirm again.
    if (String(inScope) !== form.count) return confirmPage(c, incident, form.scope, 409)
    const { tokens } = await forceIncidentResets(deps, services, {
      tenantId: actor.tenant.id,
      incidentId: incident.id,
      scope: form.scope,
      actor: auditActor(actor),
    })
    const name = `${incident.id}-reset-tokens.csv`
    return c.body(tokensCsv(tokens), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
    })
  })
  const confirmPage = async (
    c: Context<ConsoleEnv>,
    incident: IncidentRow,
    scope: ResetScope,
    status: 200 | 409,
  ) => {
    const actor = c.get('actor')
    const count = await countInScope(actor.tenant.id, incident.id, scope)
    return c.html(
      <ForceResetConfirm
        t={c.get('t')}
        locale={c.get('locale')}
        csrfToken={actor.csrfToken}
        incident={incident}
        scope={scope}
        count={count}
      />,
      status,
    )
  }
  return router
}

function page(c: Context<ConsoleEnv>, incident: IncidentRow, children: Child) {
  const path = `/console/incidents/${incident.id}`
  return (
    <Layout
      t={c.get('t')}
      locale={c.get('locale')}
      title={incident.name}
      path={path}
      csrfToken={c.get('actor').csrfToken}
    >
      {children}
    </Layout>
  )
}

/**
 * The upload as lines: a raw NDJSON/CSV body from console.js (streamed through the body meter,
 * answered with a fragment) or a multipart form without script (answered with a page), parsed
 * under the same limit. Null: neither.
 */
async function uploadedLines(
  c: Context<ConsoleEnv>,
  maxBytes: number,
): Promise<{ lines: AsyncGenerator<UploadLine>; csv: boolean; fragment: boolean } | null> {
  const type = c.req.header('content-type') ?? ''
  if (/^multipart\/form-data/i.test(type)) {
    const file = (await readForm(c.req)).file
    if (!(file instanceof File)) return null
    const stream = file.stream() as unknown as AsyncIterable<Uint8Array>
    return { lines: readUploadLines(stream), csv: /\.csv$/i.test(file.name), fragment: false }
  }
  const csv = /^text\/csv/i.test(type)
  if (!csv && !/^application\/(x-)?ndjson|^application\/jsonl/i.test(type)) return null
  const body = uploadBody(c as unknown as Context<AppEnv>, maxBytes)
  return { lines: readUploadLines(body), csv, fragment: true }
}
