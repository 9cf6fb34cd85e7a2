import { createHash } from 'node:crypto'

/** One imported account as the import route writes it (bcrypt-shaped legacy hash, blind index). */
export interface AccountRow {
  tenantId: string
  externalId: string
  emailIndex: string
  passwordHash: string
  scheme: string
  importFingerprint: string
  mustReset: boolean
  resetReasons: string
  createdAt: number
  updatedAt: number
}

/** One exposure record plus the account exposure it proves, as the ingest batch writes them. */
export interface ExposureRow {
  recordKey: string
  externalId: string
  passwordMatch: boolean
  matchVia: number
}

const hex = (text: string) => createHash('sha256').update(text).digest('hex')

export function accountRows(count: number, now: number): AccountRow[] {
  return Array.from({ length: count }, (_, i) => ({
    tenantId: 'bench',
    externalId: `patient-${i}`,
    emailIndex: hex(`patient${i}@example.be`),
    // 60 characters, like the bcrypt hashes the import bench uses; the value is never verified.
    passwordHash: `$2b$10$${hex(`salt-${i}`).slice(0, 53)}`,
    scheme: 'bcrypt',
    importFingerprint: hex(`fp-${i}`).slice(0, 32),
    mustReset: false,
    resetReasons: '[]',
    createdAt: now,
    updatedAt: now,
  }))
}

export function exposureRows(count: number): ExposureRow[] {
  return Array.from({ length: count }, (_, i) => ({
    recordKey: hex(`record-${i}`),
    externalId: `patient-${i}`,
    passwordMatch: i % 5 !== 0,
    matchVia: i % 5 !== 0 ? 1 : 0,
  }))
}

/** Splits rows into consecutive batches of `size`. */
export function batches<T>(rows: T[], size: number): T[][] {
  const out: T[][] = []
  for (let start = 0; start < rows.length; start += size) out.push(rows.slice(start, start + size))
  return out
}
