import { z } from 'zod'
import type { AuditAppendInput } from '../audit/audit-insert.js'
import type { ImportBatchCounts } from '../audit/import-audit-entries.js'
import type { KeyedHash } from '../crypto/keyed-hash.js'
import { conflictingEmailClaims, type EmailClaim } from './email-conflicts.js'
import { hashHintSchema } from '../http/hash-hint-field.js'
import { parseStoredHash } from '../hashing/parse-stored-hash.js'
import { writeImportBatch, type ImportRow } from './import-batch-write.js'
import type { EmailIndexer } from './email-index.js'
import type { UploadLine } from './ndjson-lines.js'
import { recordRejection, type LineRejection } from './record-rejection.js'
import type { AccountStore } from '../store/ports/account-store.js'
import {
  LEGACY_VERIFY_PLACEHOLDER,
  LEGACY_VERIFY_SCHEME,
} from '../legacy-verify/legacy-placeholder.js'

/** What a `"legacyVerify": true` line stores: the placeholder, fingerprinted like a hash. */
const LEGACY_VERIFY_HASH = {
  ok: true as const,
  hash: { canonical: LEGACY_VERIFY_PLACEHOLDER, scheme: LEGACY_VERIFY_SCHEME },
}

const importRecord = z
  .object({
    externalId: z.string().min(1).max(200),
    email: z.string().max(320).email().optional(),
    hash: z.string().min(1).max(1024).optional(),
    hint: hashHintSchema.optional(),
    /** No hash: the first login asks the tenant's legacy verify hook. */
    legacyVerify: z.literal(true).optional(),
  })
  .refine((record) => Boolean(record.hash) !== Boolean(record.legacyVerify), {
    message: 'give exactly one of hash or "legacyVerify": true',
  })

export interface ImportReport {
  imported: number
  updated: number
  /** Lines whose hash was already imported before (re-import is a no-op). */
  unchanged: number
  rejected: LineRejection[]
  rejectedCount: number
}

type Row = ImportRow
/** A parsed line waiting in the batch; `claim` when it names an e-mail. */
type Pending = { line: number; row: Row; claim: EmailClaim | null }

/**
 * Imports NDJSON account lines `{externalId, email?, hash, hint?}`, upserting by externalId
 * in batches (one transaction each, carrying the audit entry `auditBatch` builds for it, so
 * every committed batch is logged and nothing logged is uncommitted). Bad lines are reported with their 1-based number and a
 * stable code and never stop the rest. Re-importing a hash already imported changes nothing,
 * even after a login upgraded it to argon2id: the weak hash never comes back.
 */
export async function importAccounts(
  lines: AsyncIterable<UploadLine>,
  deps: {
    accounts: Pick<AccountStore, 'emailHolders' | 'importBatch'>
    emailIndexer: EmailIndexer
    fingerprintKey: KeyedHash
  },
  options: {
    tenantId: string
    now: number
    auditBatch: (counts: ImportBatchCounts) => AuditAppendInput
    batchSize?: number
    onProgress?: (report: ImportReport) => void
  },
): Promise<ImportReport> {
  const report: ImportReport = {
    imported: 0,
    updated: 0,
    unchanged: 0,
    rejected: [],
    rejectedCount: 0,
  }
  const batchSize = options.batchSize ?? 500
  let batch = new Map<string, Pending>()
  const reject = (line: number, code: string, detail: string) =>
    recordRejection(report, { line, code, detail })
  const flush = async () => {
    if (batch.size === 0) return
    const pending = [...batch.values()]
    const claims = pending.flatMap((item) => item.claim ?? [])
    const taken = await conflictingEmailClaims(deps.accounts, options.tenantId, claims)
    for (const item of pending) {
      if (item.claim && taken.has(item.claim))
        reject(item.line, 'account_exists', 'email: another account in this tenant has it')
    }
    const rows = pending.flatMap((item) => (item.claim && taken.has(item.claim) ? [] : item.row))
    if (rows.length > 0) {
      await writeImportBatch(deps.accounts, rows, report, options.auditBatch)
    }
    batch = new Map()
    options.onProgress?.(report)
  }
  for await (const item of lines) {
    if ('error' in item) {
      reject(
        item.line,
        item.error,
        item.error === 'invalid_utf8' ? 'line is not valid UTF-8' : 'line too long',
      )
      continue
    }
    if (item.text.trim() === '') continue
    const parsed = await toRow(item.text, deps, options)
    if ('code' in parsed) {
      reject(item.line, parsed.code, parsed.detail)
      continue
    }
    const { row, indexes } = parsed
    // A second line for the same account in one batch: write the first one before it.
    if (batch.has(row.externalId)) await flush()
    const claim = indexes ? { externalId: row.externalId, indexes } : null
    batch.set(row.externalId, { line: item.line, row, claim })
    if (batch.size >= batchSize) await flush()
  }
  await flush()
  return report
}

async function toRow(
  text: string,
  deps: { emailIndexer: EmailIndexer; fingerprintKey: KeyedHash },
  options: { tenantId: string; now: number },
): Promise<{ row: Row; indexes: readonly string[] | null } | { code: string; detail: string }> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return { code: 'invalid_json', detail: 'line is not valid JSON' }
  }
  const parsed = importRecord.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return {
      code: 'invalid_record',
      detail: `${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'}`,
    }
  }
  const record = parsed.data
  const hash = record.legacyVerify
    ? LEGACY_VERIFY_HASH
    : parseStoredHash(record.hash as string, record.hint)
  if (!hash.ok) return { code: hash.code, detail: hash.detail }
  const indexes = record.email ? deps.emailIndexer.candidates(options.tenantId, record.email) : null
  const row = {
    tenantId: options.tenantId,
    externalId: record.externalId,
    emailIndex: indexes ? indexes[0] : null,
    passwordHash: hash.hash.canonical,
    scheme: hash.hash.scheme,
    importFingerprint: await deps.fingerprintKey.hex(hash.hash.canonical),
    importedAt: options.now,
    createdAt: options.now,
    updatedAt: options.now,
  }
  return { row, indexes }
}
