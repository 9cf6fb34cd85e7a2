import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps, AppSettings } from '../app/deps.js'
import type { Services } from '../app/services.js'
import { readUploadLines } from '../accounts/ndjson-lines.js'
import { checkAuditEntry } from '../audit/audit-insert.js'
import { ingestAuditEntries } from '../audit/ingest-audit-entries.js'
import { problemResponse } from '../http/problem-schema.js'
import { ProblemError } from '../http/problem.js'
import { requireScope } from '../http/require-scope.js'
import { runUpload, uploadBody } from '../http/upload-body.js'
import { createRouter } from '../http/router.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { csvRows, ndjsonRows, type ExposureFormat } from './exposure-rows.js'
import { requireIncident } from './incident-lookup.js'
import { incidentIdField } from './incident-schemas.js'
import type { IngestStores } from './ingest-deps.js'
import { ingestExposures } from './ingest-exposures.js'
import { ingestAuditDetails } from './ingest-report.js'
import { createDigestJobRunner, type DigestJobRunner } from './digest-job-runner.js'
import type { LiveCorpus } from '../breach/live/live-corpus.js'

export const ingestReportSchema = z
  .object({
    records: z.number().int(),
    matched: z.number().int(),
    unmatched: z.number().int(),
    passwordMatches: z.number().int(),
    passwordMatchesBy: z.object({
      plaintext: z.number().int(),
      hashString: z.number().int(),
      digest: z.number().int(),
    }),
    digestCandidates: z.number().int().openapi({
      description:
        'Records whose digest is being verified against a wrapped account by the digest job (GET …/digest-job)',
    }),
    passwordsAdded: z.number().int(),
    passwordsRefused: z.number().int(),
    warnings: z.array(z.object({ code: z.string(), detail: z.string() })),
    duplicates: z.number().int(),
    rejected: z.array(z.object({ line: z.number().int(), code: z.string(), detail: z.string() })),
    rejectedCount: z.number().int(),
  })
  .openapi('ExposureIngestReport')

const ingestRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'post',
    path: '/{id}/exposures',
    tags: ['incidents'],
    summary: 'Ingest an exposure list (NDJSON or CSV), streamed',
    description:
      "One record per line `{externalId?, email?, password?, passwordSha1?, passwordNtlm?, passwordMd5?, passwordHash?, passwordHashHint?}` (`application/x-ndjson`), or `text/csv` with a header row naming those columns (RFC 4180 quoting; no hint). Accounts are matched by externalId or e-mail blind index. A record proves a `password_match` (`passwordMatchesBy`) when its plaintext verifies against the current hash, when `passwordHash` (the stored hash as it leaked, any format the import reads) is the hash the account was imported from with no password change since, or its current hash; or when a bare digest is the account's hash or import. A digest against a wrapped account (argon2id over the legacy digest) costs one argon2 verify: those run in the background on the server's argon2 pool (`digestCandidates`, progress at GET /v1/incidents/{id}/digest-job). Exposed passwords join this tenant's own breach additions (its checks and logins, never /range or other tenants) up to its quota (`passwordsRefused`, warning `tenant_corpus_quota_exceeded`). Leaked hash strings and digests are never stored. Bad lines are listed with 1-based numbers. Re-ingesting the same list changes nothing (`duplicates`) except that it resumes digest checks a restart interrupted. Nothing is read before the key and the incident are checked; the body is counted as it streams up to `PWGUARD_MAX_IMPORT_BYTES` (413 `payload_too_large` at the limit, the whole batches before it kept). A plaintext password that is not well-formed Unicode is rejected per line as `password_ill_formed`.",
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: {
      params: z.object({ id: incidentIdField }),
      body: {
        content: {
          'application/x-ndjson': { schema: z.string() },
          'text/csv': { schema: z.string() },
        },
        required: true,
      },
    },
    responses: {
      200: {
        description: 'Ingest report',
        content: { 'application/json': { schema: ingestReportSchema } },
      },
      404: problemResponse('No such incident'),
      413: problemResponse('Body over the import limit (`payload_too_large`)'),
      415: problemResponse('Neither NDJSON nor CSV'),
    },
  })

export type ExposureRoutesDeps = Pick<AppDeps, 'clock' | 'random' | 'logger'> &
  Pick<Services, 'verifier'> & {
    stores: Pick<StorePorts, 'tenantKeys' | 'incidents' | 'audit'> & IngestStores
    /** Exposed passwords join the tenant's own additions (`tenants`), never the shared ones. */
    corpus: Pick<LiveCorpus, 'tenants'>
    /** Keys the e-mail blind index the rows are matched by. */
    secret: Uint8Array
    maxImportBytes: number
    /** The app's one digest job, shared with the console's upload. */
    digestJob: Pick<DigestJobRunner, 'enqueue'>
  }

/** POST /v1/incidents/{id}/exposures (admin), mounted at `/v1/incidents`. */
export function exposureRoutes(deps: ExposureRoutesDeps) {
  const { stores, digestJob } = deps
  const router = createRouter()
  return router.openapi(ingestRoute(stores.tenantKeys), async (c) => {
    const auth = c.get('auth')
    const incident = await requireIncident(
      stores.incidents,
      auth.tenant.id,
      c.req.valid('param').id,
    )
    const format = uploadFormat(c.req.header('content-type') ?? '')
    const lines = readUploadLines(uploadBody(c, deps.maxImportBytes))
    const audit = ingestAuditEntries({
      tenantId: auth.tenant.id,
      incidentId: incident.id,
      actor: `key:${auth.keyId}`,
      clock: () => deps.clock.now(),
      random: deps.random,
    })
    const report = await runUpload(
      c,
      (onCommitted) =>
        ingestExposures(
          format === 'csv' ? csvRows(lines) : ndjsonRows(lines),
          {
            stores,
            corpus: deps.corpus.tenants,
            verifier: deps.verifier,
            secret: deps.secret,
            digestJob,
          },
          {
            tenantId: auth.tenant.id,
            incidentId: incident.id,
            now: deps.clock.now(),
            auditBatch: audit.batch,
            onProgress: (progress) => onCommitted(ingestAuditDetails(progress)),
          },
        ),
      // Each committed batch already has its entry; the summary says the upload was cut.
      (committed) =>
        stores.audit.append(checkAuditEntry(audit.summary({ ...committed, truncated: true }))),
    )
    const counts = ingestAuditDetails(report)
    // Records no change of its own (the batches did): a closing total, safe to append after.
    await stores.audit.append(checkAuditEntry(audit.summary(counts)))
    deps.logger.info('exposures ingested', {
      tenant: auth.tenant.id,
      incident: incident.id,
      ...counts,
    })
    return c.json(report, 200)
  })
}

function uploadFormat(contentType: string): ExposureFormat {
  if (/^text\/csv/i.test(contentType)) return 'csv'
  if (/^application\/(x-)?ndjson|^application\/jsonl/i.test(contentType)) return 'ndjson'
  throw new ProblemError({
    status: 415,
    code: 'unsupported_media_type',
    title: 'Unsupported media type',
    detail: 'Send the exposure list as application/x-ndjson or text/csv.',
  })
}

/** One job per app: wrapped-digest verifies share the app's admission-controlled argon2 pool. */
export function appDigestJob(
  deps: Pick<AppDeps, 'hasher' | 'clock' | 'logger'> & {
    stores: Pick<StorePorts, 'digestJob'>
    settings: Pick<AppSettings, 'digestJobConcurrency'>
  },
): DigestJobRunner {
  return createDigestJobRunner({
    store: deps.stores.digestJob,
    hasher: deps.hasher,
    now: () => deps.clock.now(),
    concurrency: deps.settings.digestJobConcurrency ?? 2,
    logger: deps.logger,
  })
}
