import type { PasswordHasher } from '../hashing/password-hasher.js'

/**
 * Verifies against a throwaway argon2id hash made with the current parameters, so a login
 * for an unknown account costs what a wrong password costs (better-auth and Kratos do this).
 */
export interface DummyVerifier {
  /** `tenantId` bills the dummy work to the tenant whose login asked for it (fairness). */
  verify(password: string, tenantId?: string): Promise<void>
}

export function createDummyVerifier(hasher: PasswordHasher): DummyVerifier {
  let dummyHash: Promise<string> | null = null
  return {
    async verify(password, tenantId) {
      dummyHash ??= hasher.hash('pwguard dummy password, never valid')
      await hasher.verify(await dummyHash, password, tenantId)
    },
  }
}
