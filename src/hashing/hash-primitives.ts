/**
 * The slow primitives whose fastest implementation differs per runtime (native on Node, WASM or
 * pure JS on Workers). Everything else the legacy verifiers need comes from `node:crypto`, which
 * Workers provide under nodejs_compat. Both take the password as raw bytes, exactly as given.
 */
export interface HashPrimitives {
  /** Verifies a `$2a$`/`$2b$`/`$2y$` bcrypt hash; callers pass at most 72 bytes. */
  bcryptVerify(password: Uint8Array, hash: string): Promise<boolean>
  /** Verifies a `$argon2i$`/`$argon2d$`/`$argon2id$` PHC string; false when malformed. */
  argon2Verify(phc: string, password: Uint8Array): Promise<boolean>
}
