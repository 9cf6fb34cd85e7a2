import type { AuditedEntry } from './audited-write.js'

/** A console user: the e-mail only as its blind index, the TOTP secret sealed. */
export interface ConsoleUserRow {
  id: string
  tenantId: string
  emailIndex: string
  passwordHash: string
  sealedTotpSecret: string
  /** The last TOTP time step accepted: a code is never accepted twice (RFC 6238 §5.2). */
  totpLastStep: number
  createdAt: number
  lastLoginAt: number | null
}

/** A console session; only the SHA-256 of the cookie value is stored. */
export interface ConsoleSessionRow {
  idHash: string
  userId: string
  tenantId: string
  createdAt: number
  lastSeenAt: number
}

/**
 * Port for console users and sessions. Sign-in, sign-out and user creation take their audit
 * entry and write it atomically with the change (an entry of null writes the change alone).
 */
export interface ConsoleAuthStore {
  findUser(tenantId: string, emailIndex: string): Promise<ConsoleUserRow | null>
  findUserById(id: string): Promise<ConsoleUserRow | null>
  /** Inserts the user (and its entry); false, nothing written, when the e-mail is taken. */
  createUser(row: ConsoleUserRow, entry: AuditedEntry | null): Promise<boolean>
  /** Compare-and-swap on the last step: two logins racing with one code cannot both win. */
  consumeTotpStep(input: { id: string; step: number; now: number }): Promise<boolean>
  findSession(idHash: string): Promise<ConsoleSessionRow | null>
  touchSession(idHash: string, now: number): Promise<void>
  /**
   * Starts a session with its sign-in entry; `replaces` (the session the browser brought) is
   * ended in the same write, so a planted id never outlives the sign-in (rotation).
   */
  startSession(
    row: ConsoleSessionRow,
    entry: AuditedEntry | null,
    replaces?: string | null,
  ): Promise<void>
  /** Ends a session with its sign-out entry; false (nothing logged) when it did not exist. */
  endSession(idHash: string, entry: AuditedEntry | null): Promise<boolean>
  /** Drops the user's sessions idle since `idleBefore` or created before `createdBefore`. */
  pruneSessions(
    userId: string,
    cutoffs: { idleBefore: number; createdBefore: number },
  ): Promise<void>
}
