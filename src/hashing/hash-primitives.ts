/**
 * The slow primitives whose fastest implementation differs per runtime (native on Node, WASM or
 * pure JS on Workers). Everything else the legacy verifiers need comes from `node:crypto`, which
 * Workers provide under nodejs_compat. Both take the password as raw bytes, exactly as given.
 */
export interface HashPrimitives {
  /** Verifies a `$2a$`/`$2b$`/`$2y$` bcrypt hash; callers pass at most 72 bytes. */
  bcryptVerify(password: Uint8Array, hash: string): Promise<boolean>
  /** Verifies a `$argon2i$`/`$argon2d$`/`$argon2id$` PHC string; false when malformed. */
  argon2Verify(phc: string, password: Uint8Array, owner?: string): Promise<boolean>
  /**
   * Where the runtime has worker threads (Node): a whole slow legacy verify (parse, then each
   * password form in turn) on the hashing pool, behind the same admission control as argon2 and
   * billed to `owner` (the tenant). Absent: the verifier runs the family's code in place.
   */
  verifyStored?(hash: string, passwords: string[], owner?: string): Promise<StoredVerifyResult>
}

/** A stored-hash verify's verdict and the time it took on its thread (billed to the key). */
export interface StoredVerifyResult {
  valid: boolean
  ms: number
}
