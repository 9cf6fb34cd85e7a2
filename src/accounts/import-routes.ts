import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../app/deps.js'
import { checkAuditEntry, type AuditAppendInput } from '../audit/audit-insert.js'
import { importAuditEntries } from '../audit/import-audit-entries.js'
import type { Services } from '../app/services.js'
import type { StorePorts } from '../store/ports/store-ports.js'
import type { TenantKeyStore } from '../store/ports/tenant-key-store.js'
import { problemSchema } from '../http/problem-schema.js'
import { ProblemError } from '../http/problem.js'
import { requireScope } from '../http/require-scope.js'
import { createRouter } from '../http/router.js'
import { importAccounts } from './import-accounts.js'
import { importAuditCounts } from '../audit/import-audit-counts.js'
import { runUpload, uploadBody } from '../http/upload-body.js'
import { readUploadLines } from './ndjson-lines.js'

const importReport = z
  .object({
    imported: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.array(z.object({ line: z.number().int(), code: z.string(), detail: z.string() })),
    rejectedCount: z.number().int(),
  })
  .openapi('ImportReport')

const importRoute = (tenantKeys: TenantKeyStore) =>
  createRoute({
    method: 'post',
    path: '/import',
    tags: ['accounts'],
    summary: 'Bulk import accounts with legacy hashes (NDJSON), upsert by externalId',
    description:
      'Body: `application/x-ndjson`, one `{externalId, email?, hash, hint?}` per line, or `{externalId, email?, "legacyVerify": true}` for an account whose hash the old system cannot export (its first login asks the tenant legacy verify hook, see PUT /v1/tenant/legacy-verify). Example lines: `{"externalId":"patient-1","hash":"$1$saltsalt$NuzA7WTAelpl95xgBGWN60"}` and `{"externalId":"patient-2","email":"an@example.be","legacyVerify":true}`. Streams: nothing is read before the key is checked, and the body is counted as it arrives up to `PWGUARD_MAX_IMPORT_BYTES` (413 `payload_too_large` at the limit; a declared Content-Length over it is refused before any write, a chunked body over it stops there with the whole batches before it kept, so re-send the rest). Each committed batch writes its own `accounts.batch_imported` audit entry (its counts) in the same transaction as its rows, and the import ends with an `accounts.imported` summary (`truncated: true` when cut at the limit). Bad lines are listed in `rejected` (1-based line numbers) and do not stop the rest. Re-importing the same hash is a no-op (`unchanged`), even after the account was upgraded to argon2id. A line whose e-mail another account of the tenant holds is rejected with `account_exists` (e-mails are unique per tenant).',
    security: [{ bearer: [] }],
    middleware: [requireScope(tenantKeys, 'admin')] as const,
    request: {
      body: {
        content: {
          'application/x-ndjson': {
            schema: z.string().openapi({
              example: '{"externalId":"p-1","email":"an@example.be","hash":"$1$saltsalt$..."}',
            }),
          },
        },
        required: true,
      },
    },
    responses: {
      200: {
        description: 'Import report',
        content: { 'application/json': { schema: importReport } },
      },
      413: {
        description: 'Body over the import limit (`payload_too_large`)',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
      415: {
        description: 'Not NDJSON',
        content: { 'application/problem+json': { schema: problemSchema } },
      },
    },
  })

export type ImportRoutesDeps = Pick<AppDeps, 'clock' | 'random' | 'logger'> &
  Pick<Services, 'emailIndexer' | 'importFingerprintKey'> & {
    stores: Pick<StorePorts, 'tenantKeys' | 'accounts' | 'audit'>
    maxImportBytes: number
  }

/** POST /v1/accounts/import (admin), mounted at `/v1/accounts`. */
export function importRoutes(deps: ImportRoutesDeps) {
  const { stores } = deps
  const router = createRouter()
  const append = (input: AuditAppendInput) => stores.audit.append(checkAuditEntry(input))
  return router.openapi(importRoute(stores.tenantKeys), async (c) => {
    const type = c.req.header('content-type') ?? ''
    if (!/^application\/(x-)?ndjson|^application\/jsonl/i.test(type)) {
      throw new ProblemError({
        status: 415,
        code: 'unsupported_media_type',
        title: 'Unsupported media type',
        detail: 'Send the accounts as application/x-ndjson, one JSON object per line.',
      })
    }
    const tenantId = c.get('auth').tenant.id
    const audit = importAuditEntries({
      tenantId,
      actor: `key:${c.get('auth').keyId}`,
      clock: () => deps.clock.now(),
      random: deps.random,
    })
    const report = await runUpload(
      c,
      (onCommitted) =>
        importAccounts(
          readUploadLines(uploadBody(c, deps.maxImportBytes)),
          {
            accounts: stores.accounts,
            emailIndexer: deps.emailIndexer,
            fingerprintKey: deps.importFingerprintKey,
          },
          {
            tenantId,
            now: deps.clock.now(),
            auditBatch: audit.batch,
            onProgress: (progress) => onCommitted(importAuditCounts(progress)),
          },
        ),
      // Each committed batch already has its entry; the summary says the upload was cut.
      (committed) => append(audit.summary({ ...committed, truncated: true })),
    )
    deps.logger.info('accounts imported', { tenant: tenantId, ...importAuditCounts(report) })
    // Records no change of its own (the batches did): a closing total, safe to append after.
    await append(audit.summary(importAuditCounts(report)))
    return c.json(report, 200)
  })
}
