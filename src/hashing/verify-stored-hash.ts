import type { HashPrimitives, StoredVerifyResult } from './hash-primitives.js'
import { parseStoredHash } from './parse-stored-hash.js'

/**
 * One whole stored-hash verify as a job for the hashing pool (Node worker thread) or the
 * Worker's admission gate: parses `hash` again (the bounds hold here too) and tries each password
 * form in turn until one matches. Never throws: an unusable hash is a non-match.
 */
export async function verifyStoredHashWith(
  hash: string,
  passwords: string[],
  primitives: HashPrimitives,
): Promise<StoredVerifyResult> {
  const start = performance.now()
  const parsed = parseStoredHash(hash)
  let valid = false
  if (parsed.ok) {
    for (const password of passwords) {
      if (await parsed.hash.verify(password, primitives)) {
        valid = true
        break
      }
    }
  }
  return { valid, ms: performance.now() - start }
}
