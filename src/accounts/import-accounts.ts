import { z } from 'zod'
import { sql } from 'drizzle-orm'
import type { KeyedHash } from '../crypto/keyed-hash.js'
import { hashHintSchema } from '../http/hash-hint-field.js'
import { parseStoredHash } from '../hashing/parse-stored-hash.js'
import type { StoreDriver } from '../store/database.js'
import { accounts } from '../store/schema.js'
import { existingFingerprints } from './account-store.js'
import { emailIndex } from './email-index.js'
import type { UploadLine } from './ndjson-lines.js'
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
    /** No hash: the first login asks the tenant's legacy verify hook (issue 16). */
    legacyVerify: z.literal(true).optional(),
  })
  .refine((record) => Boolean(record.hash) !== Boolean(record.legacyVerify), {
    message: 'give exactly one of hash or "legacyVerify": true',
  })

export interface ImportRejection {
  line: number
  code: string
  detail: string
}

export interface ImportReport {
  imported: number
  updated: number
  /** Lines whose hash was already imported before (re-import is a no-op). */
  unchanged: number
  rejected: ImportRejection[]
  rejectedCount: number
}

/** Detail lists stop here so a garbage upload cannot make a giant response. */
export const MAX_REJECTION_DETAILS = 10_000

type Row = typeof accounts.$inferInsert

/**
 * Imports NDJSON account lines `{externalId, email?, hash, hint?}`, upserting by externalId
 * in batches (one transaction each). Bad lines are reported with their 1-based number and a
 * stable code and never stop the rest. Re-importing a hash already imported changes nothing,
 * even after a login upgraded it to argon2id: the weak hash never comes back.
 */
export async function importAccounts(
  lines: AsyncIterable<UploadLine>,
  deps: { driver: StoreDriver; emailKey: KeyedHash; fingerprintKey: KeyedHash },
  options: {
    tenantId: string
    now: number
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
  let batch = new Map<string, Row>()
  const reject = (line: number, code: string, detail: string) => {
    report.rejectedCount += 1
    if (report.rejected.length < MAX_REJECTION_DETAILS) report.rejected.push({ line, code, detail })
  }
  const flush = async () => {
    if (batch.size === 0) return
    await writeBatch(deps.driver, options.tenantId, [...batch.values()], report)
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
    const row = await toRow(item.text, deps, options)
    if ('code' in row) {
      reject(item.line, row.code, row.detail)
      continue
    }
    // A second line for the same account in one batch: write the first one before it.
    if (batch.has(row.externalId)) await flush()
    batch.set(row.externalId, row)
    if (batch.size >= batchSize) await flush()
  }
  await flush()
  return report
}

async function toRow(
  text: string,
  deps: { emailKey: KeyedHash; fingerprintKey: KeyedHash },
  options: { tenantId: string; now: number },
): Promise<Row | { code: string; detail: string }> {
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
  return {
    tenantId: options.tenantId,
    externalId: record.externalId,
    emailIndex: record.email ? await emailIndex(deps.emailKey, record.email) : null,
    passwordHash: hash.hash.canonical,
    scheme: hash.hash.scheme,
    importFingerprint: await deps.fingerprintKey.hex(hash.hash.canonical),
    createdAt: options.now,
    updatedAt: options.now,
  }
}

async function writeBatch(
  driver: StoreDriver,
  tenantId: string,
  rows: Row[],
  report: ImportReport,
) {
  const existing = await existingFingerprints(
    driver.db,
    tenantId,
    rows.map((row) => row.externalId),
  )
  const columns = Object.keys(rows[0] ?? {}).length || 1
  const perStatement = Math.max(1, Math.floor(driver.maxBoundParameters / columns))
  const statements = []
  for (let start = 0; start < rows.length; start += perStatement) {
    statements.push(upsertStatement(driver, rows.slice(start, start + perStatement)))
  }
  await driver.batch(statements)
  for (const row of rows) {
    if (!existing.has(row.externalId)) report.imported += 1
    else if (existing.get(row.externalId) === row.importFingerprint) report.unchanged += 1
    else report.updated += 1
  }
}

function upsertStatement(driver: StoreDriver, rows: Row[]) {
  return driver.db
    .insert(accounts)
    .values(rows)
    .onConflictDoUpdate({
      target: [accounts.tenantId, accounts.externalId],
      set: {
        passwordHash: sql`excluded.password_hash`,
        scheme: sql`excluded.scheme`,
        importFingerprint: sql`excluded.import_fingerprint`,
        emailIndex: sql`coalesce(excluded.email_index, ${accounts.emailIndex})`,
        updatedAt: sql`excluded.updated_at`,
      },
      // Same legacy hash as last import: leave the (possibly upgraded) account alone.
      setWhere: sql`${accounts.importFingerprint} IS NOT excluded.import_fingerprint`,
    })
}
