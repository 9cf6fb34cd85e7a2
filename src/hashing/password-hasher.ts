/** argon2id cost parameters, as in the PHC string `m=…,t=…,p=…`. */
export interface Argon2Params {
  memoryKib: number
  iterations: number
  parallelism: number
}

/** OWASP's argon2id recommendation: 19 MiB, 2 passes, 1 lane. */
export const OWASP_ARGON2ID: Argon2Params = { memoryKib: 19_456, iterations: 2, parallelism: 1 }

/**
 * The argon2 port: native on Node, WASM on Workers. Hashes are PHC strings and interoperate
 * between adapters. Callers normalize (NFKC) before `hash`; `verify` takes bytes as given.
 *
 * @example
 * // Node: argon2-hasher-node.ts (or worker-argon2-hasher-node.ts for a thread pool);
 * // Workers: createWasmArgon2Hasher(wasmModule, params) from wasm-argon2-hasher.ts.
 * const hasher: PasswordHasher = createNodeArgon2Hasher(OWASP_ARGON2ID)
 * const phc = await hasher.hash('correct horse battery staple'.normalize('NFKC'), tenantId)
 * // phc: '$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>'
 * await hasher.verify(phc, 'correct horse battery staple') // true
 */
export interface PasswordHasher {
  readonly params: Argon2Params
  /**
   * argon2id over the password with the current parameters and a fresh 16-byte salt. `owner`
   * (the tenant id) is who the work is billed to by admission control; adapters may ignore it.
   */
  hash(password: string, owner?: string): Promise<string>
  /** Verifies any `$argon2i$`, `$argon2d$` or `$argon2id$` PHC string. */
  verify(phc: string, password: string | Uint8Array, owner?: string): Promise<boolean>
}
